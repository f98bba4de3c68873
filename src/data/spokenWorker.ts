// A synthesizer thread of the spoken-digit generator (see spokenSpeechNode.ts): a fresh eSpeak speaks one
// chunk of planned utterances and posts their samples.
import { parentPort, workerData } from "node:worker_threads";
import { mespeakSynth } from "./spokenSpeechNode.js";

type Part = { word: string; voice: string; pitch: number; speed: number; amplitude: number }[];
try {
  const part = (workerData as { part: Part }).part;
  // Each voice is loaded once; eSpeak breaks when many calls pile up in one instance.
  const speak = mespeakSynth([...new Set(part.map((p) => p.voice))]);
  const samples = part.map((p) => speak(p.word, p));
  parentPort!.postMessage({ samples }, samples.map((s) => s.buffer as ArrayBuffer));
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
}
