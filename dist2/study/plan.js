import { configHash } from "../runner/checkpoint.js";
import { resolveConfig } from "../runner/config.js";
import { deepMerge, expandPreset } from "../runner/presets.js";
/**
 * Expands a study into jobs: every arm (preset, then its config, then the sweep values, then the
 * study's data, seed, attack and epochs) × every seed. Each job's config is validated here, so a
 * bad arm is reported before any work, with the arm named.
 */
export async function planStudy(study, presets) {
    const jobs = [];
    for (const [i, arm] of study.arms.entries()) {
        for (const combo of combinations(arm.sweep)) {
            const suffix = Object.entries(combo)
                .map(([k, v]) => `${k.split(".").at(-1).toLowerCase()}${String(v).replace(/[^a-zA-Z0-9.]+/g, "")}`)
                .join("-");
            const name = suffix ? `${arm.name}-${suffix}` : arm.name;
            for (const seed of study.seeds) {
                const raw = deepMerge(structuredClone(arm.config), {});
                if (arm.preset)
                    raw.preset = arm.preset;
                let cfgRaw;
                try {
                    cfgRaw = await expandPreset(raw, presets);
                }
                catch (e) {
                    throw new Error(`study.arms.${i} (${arm.name}): ${e.message}`);
                }
                for (const [path, v] of Object.entries(combo))
                    setPath(cfgRaw, path, v);
                cfgRaw.seed = seed;
                cfgRaw.data = study.data;
                cfgRaw.attack = study.attack;
                if (study.epochs !== undefined) {
                    const model = String(cfgRaw.model ?? "kh");
                    setPath(cfgRaw, model === "mlp" ? "mlp.epochs" : "kh.epochs", study.epochs);
                }
                let config;
                try {
                    config = resolveConfig(cfgRaw);
                }
                catch (e) {
                    throw new Error(`study.arms.${i} (${arm.name}${suffix ? `, sweep ${JSON.stringify(combo)}` : ""}): ${e.message}`);
                }
                jobs.push({
                    format: "hebblab-job/1",
                    study: study.name,
                    arm: name,
                    baseArm: arm.name,
                    sweep: combo,
                    ...(arm.description ? { description: arm.description } : {}),
                    seed,
                    id: `${name}-seed${seed}`,
                    config,
                    configHash: configHash(config),
                });
            }
        }
    }
    const ids = new Set();
    for (const j of jobs) {
        if (ids.has(j.id))
            throw new Error(`study: two jobs would share the directory jobs/${j.id}; rename an arm`);
        ids.add(j.id);
    }
    return jobs;
}
/** Every combination of a sweep's values, in key order then value order; `{}` → one empty combination. */
export function combinations(sweep) {
    let out = [{}];
    for (const [k, values] of Object.entries(sweep))
        out = out.flatMap((c) => values.map((v) => ({ ...c, [k]: v })));
    return out;
}
function setPath(obj, path, value) {
    const keys = path.split(".");
    let o = obj;
    for (const k of keys.slice(0, -1)) {
        if (typeof o[k] !== "object" || o[k] === null || Array.isArray(o[k]))
            o[k] = {};
        o = o[k];
    }
    o[keys[keys.length - 1]] = value;
}
//# sourceMappingURL=plan.js.map