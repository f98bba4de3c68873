// Issue 12: refactors of the local-learner machinery must not change a Krotov–Hopfield run by a bit.
// The fixture was recorded with the code before the generic LocalLayer existed, and the refactored code gives it too.
import { expect, it } from "vitest";
import { KrotovHopfield } from "../../../src/kinds/kh/learner.js";
import { KhSection } from "../../../src/kinds/kh/config.js";
import { Rng } from "../../../src/rng.js";
import { init } from "../../../src/wasm/init.js";
import { synthImages } from "../local/synth.js";

/** FNV-1a over the bytes of an array. */
function fnv(a: Float32Array | Float64Array): string {
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

it("a KH run on the simd build gives the recorded weights and win counts, bit for bit", async () => {
  const w = await init({ build: "simd" });
  const cfg = KhSection.parse({ hidden: 24, p: 3, k: 3, batch: 20, epochs: 5, lr: 0.04 });
  const l = KrotovHopfield.create(w, cfg, 36, new Rng(21));
  try {
    const x = synthImages(new Rng(22), 130, 36, 6);
    l.train(x, 130, { rng: new Rng(23) });
    expect({ w: fnv(l.weights()), wins: fnv(l.wins()) }).toEqual(RECORDED);
  } finally {
    l.dispose();
  }
});

const RECORDED = { w: "222fa23b", wins: "68ebcff2" };
