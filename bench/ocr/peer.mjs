// The same-model peer: @gutenye/ocr-node (PP-OCRv4 on onnxruntime-node). Reads the pages listed in
// argv[2] with argv[3] requests in flight, writes each page's text to argv[4]/<name>.txt (lines in
// the order the library gives them), and prints "seconds maxRssKiB".
import Ocr from '@gutenye/ocr-node'
import { readFileSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'

const [list, clients, outDir, repeat] = [process.argv[2], Number(process.argv[3]), process.argv[4], Number(process.argv[5] || 1)]
const files = readFileSync(list, 'utf8').split('\n').filter(Boolean)
const ocr = await Ocr.create()
for (const file of files) await ocr.detect(file) // warm-up: one untimed pass, as the service gets
const work = []
for (let r = 0; r < repeat; r++) work.push(...files)
const start = process.hrtime.bigint()
let next = 0
async function client() {
  while (next < work.length) {
    const file = work[next++]
    const lines = await ocr.detect(file)
    writeFileSync(`${outDir}/${basename(file).replace(/\.[a-z]+$/, '')}.txt`, lines.map(l => l.text).join('\n'))
  }
}
await Promise.all(Array.from({ length: clients }, client))
const seconds = Number(process.hrtime.bigint() - start) / 1e9
console.log(`${seconds.toFixed(3)} ${process.resourceUsage().maxRSS}`)
