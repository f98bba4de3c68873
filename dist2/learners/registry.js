import { KrotovHopfield } from "./krotov.js";
/** Every local learner, by the name configs use (SoftHebb will join here). */
export const LEARNERS = [
    {
        name: "kh",
        description: "Krotov–Hopfield competing hidden units (PNAS 2019): top-1 Hebbian, k-th anti-Hebbian",
        create: (w, cfg, inputDim, rng) => KrotovHopfield.create(w, cfg, inputDim, rng),
    },
];
/** The learner called `name`; the error lists the known names. */
export function learnerByName(name) {
    const e = LEARNERS.find((l) => l.name === name);
    if (!e)
        throw new Error(`unknown learner '${name}' (known: ${LEARNERS.map((l) => l.name).join(", ")})`);
    return e;
}
//# sourceMappingURL=registry.js.map