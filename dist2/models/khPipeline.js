import { NORM_SUM_FLOOR } from "../learners/inputNorm.js";
import { tf } from "../tf.js";
/**
 * The Krotov–Hopfield pipeline as a differentiable tfjs model (Krotov &
 * Hopfield 2019; readout of Holzhausen et al. 2024):
 *
 *   x̂ = x / ‖x‖_q (when `inputNorm` is q),  I = x̂·W̃ᵀ  [B, H],  f = relu(I)^n,
 *   logits = ((f − μ)/σ)·V + b  [B, C].
 *
 * The normalisation is part of the differentiable model, so attacks perturb pixels
 * in [0, 1] and their ε stays in pixel units. ‖x‖_q is floored at (1e-30)^(1/q), so an
 * all-zero image maps to zero rather than NaN.
 *
 * W̃ is frozen. The currents use a custom gradient (dI·W̃) so both the
 * forward and the input gradient are untransposed matMuls, XNNPACK's fast
 * path on tfjs-wasm, which attacks need.
 *
 * Hidden representations: `currents` (I) and `features` (relu(I)^n, before
 * standardisation).
 */
export class KhPipeline {
    config;
    kind = "kh";
    stochastic = false;
    hiddenNames = ["currents", "features"];
    wT;
    w;
    mean;
    invStd;
    weight;
    bias;
    currentsOp;
    constructor(config, weights) {
        this.config = config;
        const { inputDim: d, hidden: h, classes: c } = config;
        expectLength("synapses", weights.synapses, h * d);
        expectLength("readoutWeight", weights.readoutWeight, h * c);
        expectLength("readoutBias", weights.readoutBias, c);
        expectLength("mean", weights.mean, h);
        expectLength("std", weights.std, h);
        this.w = tf.tensor2d(weights.synapses, [h, d]);
        this.wT = tf.keep(this.w.transpose());
        this.mean = tf.tensor1d(weights.mean);
        this.invStd = tf.tensor1d(weights.std.map((s) => 1 / s));
        this.weight = tf.variable(tf.tensor2d(weights.readoutWeight, [h, c]), false);
        this.bias = tf.variable(tf.tensor1d(weights.readoutBias), false);
        const w = this.w;
        const wT = this.wT;
        // Nothing to save: the gradient needs only the frozen W̃.
        const op = (x) => ({ value: tf.matMul(x, wT), gradFunc: (dy) => tf.matMul(dy, w) });
        this.currentsOp = tf.customGrad(op);
    }
    get inputDim() {
        return this.config.inputDim;
    }
    get classes() {
        return this.config.classes;
    }
    /** The input as the layer sees it: x / ‖x‖_q row by row, or x itself. */
    normalized(x) {
        const q = this.config.inputNorm ?? "none";
        if (q === "none")
            return x;
        return tf.tidy(() => {
            const s = tf.sum(q === 1 ? tf.abs(x) : tf.pow(tf.abs(x), q), 1, true);
            return tf.div(x, tf.pow(tf.maximum(s, NORM_SUM_FLOOR), 1 / q));
        });
    }
    hidden(x, name, _opts) {
        return tf.tidy(() => {
            const i = this.currentsOp(this.normalized(x));
            if (name === "currents")
                return i;
            if (name === "features")
                return tf.pow(tf.relu(i), this.config.n);
            throw new Error(`kh model has no hidden representation '${name}' (has: ${this.hiddenNames.join(", ")})`);
        });
    }
    logits(x, _opts) {
        return tf.tidy(() => {
            const f = this.hidden(x, "features");
            const z = tf.mul(tf.sub(f, this.mean), this.invStd);
            return tf.add(tf.matMul(z, this.weight), this.bias);
        });
    }
    trainableVariables() {
        return [];
    }
    async serialize() {
        const { hidden: h, classes: c, inputDim: d } = this.config;
        const invStd = (await this.invStd.data());
        return {
            kind: this.kind,
            config: { ...this.config },
            tensors: {
                synapses: { shape: [h, d], data: (await this.w.data()) },
                readoutWeight: { shape: [h, c], data: (await this.weight.data()) },
                readoutBias: { shape: [c], data: (await this.bias.data()) },
                mean: { shape: [h], data: (await this.mean.data()) },
                std: { shape: [h], data: invStd.map((v) => 1 / v) },
            },
        };
    }
    dispose() {
        for (const t of [this.w, this.wT, this.mean, this.invStd, this.weight, this.bias])
            t.dispose();
    }
}
/** Rebuilds a {@link KhPipeline} from saved artifacts (registered as kind `kh`). */
export function khPipelineFromArtifacts(a) {
    const t = (k) => {
        const v = a.tensors[k];
        if (!v)
            throw new Error(`kh model: tensor '${k}' missing from saved model`);
        return v.data;
    };
    return new KhPipeline(a.config, {
        synapses: t("synapses"),
        readoutWeight: t("readoutWeight"),
        readoutBias: t("readoutBias"),
        mean: t("mean"),
        std: t("std"),
    });
}
function expectLength(name, a, n) {
    if (a.length !== n)
        throw new Error(`kh model: ${name} has ${a.length} values, expected ${n}`);
}
//# sourceMappingURL=khPipeline.js.map