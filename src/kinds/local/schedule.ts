/**
 * Learning-rate schedule of Krotov & Hopfield (2019; notebook `eps = eps0*(1 - nep/Nep)`):
 * ε = ε₀·(1 − epoch/epochs), linear from ε₀ at epoch 0 to ε₀/epochs at the last epoch.
 * @param eps0 initial rate ε₀ > 0.
 * @param epoch 0-based epoch index in [0, epochs).
 * @param epochs number of epochs ≥ 1.
 */
export function linearDecay(eps0: number, epoch: number, epochs: number): number {
  if (!(epochs >= 1) || !(epoch >= 0) || epoch >= epochs) {
    throw new Error(`linearDecay: epoch ${epoch} outside [0, ${epochs})`);
  }
  return eps0 * (1 - epoch / epochs);
}
