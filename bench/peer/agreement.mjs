// Checks that the transformers.js peer embeds like the service, so that a wrong peer set-up (another
// model file, no pooling, no normalisation, another tokenizer) cannot pass as a fair comparison.
// Usage: node agreement.mjs <service-answers.jsonl> <peer-port> <sentences-file> [count]
//   <service-answers.jsonl>: the service's /encode-text answers for the first <count> sentences, one
//   sentence per request and one answer per line.
// Prints the lowest cosine; exits 1 when it is under 0.99.
import { readFileSync } from 'node:fs';

const [answerFile, port, sentencesFile, countArg = '5'] = process.argv.slice(2);
const count = Number(countArg);
const ours = readFileSync(answerFile, 'utf8')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => JSON.parse(l).embeddings[0].vector);
const sentences = readFileSync(sentencesFile, 'utf8').split('\n').filter((s) => s.length > 0).slice(0, count);
if (ours.length !== sentences.length) {
  console.error(`the service answered ${ours.length} vectors for ${sentences.length} sentences`);
  process.exit(1);
}

const cosine = (a, b) => {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
};

let lowest = 1;
for (let i = 0; i < sentences.length; i++) {
  const res = await fetch(`http://127.0.0.1:${port}/embed`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ input: sentences[i] }),
  });
  const { embedding } = await res.json();
  if (embedding.length !== ours[i].length) {
    console.error(`peer gave ${embedding.length} dimensions, the service ${ours[i].length}`);
    process.exit(1);
  }
  lowest = Math.min(lowest, cosine(embedding, ours[i]));
}
console.log(`peer agreement: lowest cosine ${lowest.toFixed(5)} over ${sentences.length} sentences`);
process.exit(lowest >= 0.99 ? 0 : 1);
