// The openai npm package against this service: node embed.mjs <baseUrl> <model> <text>...
// prints the answer as JSON. The package asks for base64 and decodes it unless told otherwise.
import OpenAI from "openai";

const [baseUrl, model, ...input] = process.argv.slice(2);
const client = new OpenAI({ baseURL: `${baseUrl}v1`, apiKey: "unused" });
const response = await client.embeddings.create({ model, input });
console.log(JSON.stringify(response));
