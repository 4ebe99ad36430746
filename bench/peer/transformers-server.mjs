// The peer a JavaScript user would pick: Hugging Face transformers.js (on onnxruntime-node) behind a
// plain node http server, embedding with the same int8 all-MiniLM-L6-v2 as the service, from local
// files only. POST /embed {"input": "..."} → {"embedding": [384 floats]} (mean pooling, normalised,
// as the model's manifest says). bench/peer/setup prepares the model folder and installs the package.
// Usage: node transformers-server.mjs <port> <peer-dir> <model-id> [workers] [intra-op threads]
//   <peer-dir> holds node_modules and models/ (bench/.peer); workers 1: one process; N > 1: node
//   cluster, N processes sharing the port.
import cluster from 'node:cluster';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [port, peerDir, modelId, workersArg = '1', threadsArg = '0'] = process.argv.slice(2);
// the package lives in the git-ignored peer folder, not beside this committed script
const resolved = createRequire(path.resolve(peerDir, 'package.json')).resolve('@huggingface/transformers');
const { env, pipeline } = await import(pathToFileURL(resolved).href);
const modelsDir = path.resolve(peerDir, 'models') + path.sep;
const workers = Number(workersArg);
const threads = Number(threadsArg);

if (workers > 1 && cluster.isPrimary) {
  // the primary only forks; each worker loads its own session and accepts on the shared port
  let ready = 0;
  for (let i = 0; i < workers; i++) {
    cluster.fork().on('message', (m) => {
      if (m === 'ready' && ++ready === workers) console.log(`ready: ${workers} workers`);
    });
  }
  cluster.on('exit', (w, code) => {
    console.error(`worker ${w.process.pid} exited with ${code}`);
    process.exit(1);
  });
} else {
  env.allowRemoteModels = false; // the bench has no network: a missing file must fail, not download
  env.allowLocalModels = true;
  env.localModelPath = modelsDir;
  const sessionOptions = threads > 0 ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {};
  const extractor = await pipeline('feature-extraction', modelId, {
    dtype: 'q8',
    device: 'cpu',
    session_options: sessionOptions,
  });
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/embed') {
      res.writeHead(404).end();
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        const { input } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const output = await extractor(input, { pooling: 'mean', normalize: true });
        const body = JSON.stringify({ embedding: Array.from(output.data) });
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
      } catch (e) {
        res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: String(e) }));
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(port), '127.0.0.1', () => {
    if (cluster.isWorker) process.send('ready');
    else console.log('ready: 1 process');
  });
}
