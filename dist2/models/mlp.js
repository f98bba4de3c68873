import { Rng } from "../rng.js";
import { tf } from "../tf.js";
import { matMulFast } from "./matmul.js";
import { NoiseLayer, noiseConfig } from "./noise.js";
/** Hidden nonlinearities an {@link Mlp} supports. */
export const ACTIVATIONS = ["relu", "tanh"];
/**
 * A fully connected network D → H₁ → … → H_L → C with relu or tanh hidden
 * units, the backprop baseline of REFERENCES §4 (Adam 1e-3, batch 100,
 * cross-entropy; the training loop is {@link MlpTrainer}).
 *
 * Layer l computes h_l = noise(act(h_{l−1}·W_l + b_l)) with W_l [H_{l−1}, H_l]
 * row-major; the output layer is linear. Weights start Glorot-uniform
 * (Keras's Dense default), biases at 0. Hidden names are `h1`…`hL`.
 */
export class Mlp {
    config;
    kind = "mlp";
    hiddenNames;
    weights;
    biases;
    noise;
    mm;
    /**
     * @param params weights and biases per layer (row-major f32, shapes as above); omitted: fresh Glorot init from `config.seed`.
     */
    constructor(config, params, runtime = {}) {
        this.config = config;
        validateConfig(config);
        const sizes = [config.inputDim, ...config.hidden, config.classes];
        const rng = new Rng(config.seed);
        const initRng = rng.fork("init");
        this.weights = [];
        this.biases = [];
        for (let l = 0; l + 1 < sizes.length; l++) {
            const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
            let w = params?.weights[l];
            let b = params?.biases[l];
            if (params && (w?.length !== fanIn * fanOut || b?.length !== fanOut)) {
                throw new Error(`mlp: layer ${l + 1} needs weights [${fanIn}, ${fanOut}] and bias [${fanOut}], got ${w?.length} and ${b?.length} values`);
            }
            if (!w) {
                const limit = Math.sqrt(6 / (fanIn + fanOut));
                w = initRng.fillUniform(new Float32Array(fanIn * fanOut), -limit, limit);
            }
            b ??= new Float32Array(fanOut);
            // tidy frees the initial-value tensors; the variables (kept by tfjs) survive it.
            const [wl, bl] = [w, b];
            this.weights.push(tf.tidy(() => tf.variable(tf.tensor2d(wl, [fanIn, fanOut]), true, `mlp/w${l + 1}/${uid}`)));
            this.biases.push(tf.tidy(() => tf.variable(tf.tensor1d(bl), true, `mlp/b${l + 1}/${uid}`)));
            uid++;
        }
        this.hiddenNames = config.hidden.map((_, i) => `h${i + 1}`);
        this.noise = config.hidden.map((h, i) => (config.noise ? new NoiseLayer(config.noise, h, rng.fork(`noise${i + 1}`)) : null));
        this.mm = runtime.matMul ?? matMulFast;
    }
    get inputDim() {
        return this.config.inputDim;
    }
    get classes() {
        return this.config.classes;
    }
    get stochastic() {
        return this.config.noise !== null && !this.config.noise.fixed;
    }
    /** Number of weight layers (hidden layers + 1). */
    get depth() {
        return this.weights.length;
    }
    /**
     * The whole forward pass, keeping every hidden layer (regularisers need
     * them and the logits from the same pass). Differentiable; the caller
     * disposes the tensors (or runs inside tf.tidy).
     */
    forward(x, opts) {
        if (x.rank !== 2 || x.shape[1] !== this.inputDim)
            throw new Error(`mlp: input must be [B, ${this.inputDim}], got [${x.shape}]`);
        const hiddens = [];
        let h = x;
        for (let l = 0; l + 1 < this.weights.length; l++) {
            h = this.hiddenLayer(l, h, opts?.noiseRng);
            hiddens.push(h);
        }
        const L = this.weights.length - 1;
        return { hiddens, logits: tf.add(this.mm(h, this.weights[L]), this.biases[L]) };
    }
    /**
     * Vector–Jacobian products vᵀ·J_b for every row b, J_b = ∂out_b/∂x_b, where
     * `out` is hidden layer `layer` (0-based) or, for `layer` = −1, the logits:
     * v [B, K] → [B, D]. Built explicitly (forward, then the chain rule with
     * act′ and the noise derivative as tensors) so that its gradient with
     * respect to the weights needs only first-order tfjs gradients: nested
     * tfjs gradients (tf.grad inside tf.variableGrads) silently drop the terms
     * that run through an op's saved output, e.g. tanh's 1 − y² (tfjs 4.22;
     * the regulariser tests caught it by finite differences). One noise draw
     * serves the forward and the derivative.
     */
    inputVjp(x, v, layer = -1) {
        const last = layer === -1 ? this.weights.length - 1 : layer;
        if (!Number.isInteger(last) || last < 0 || last >= this.weights.length)
            throw new Error(`mlp.inputVjp: no layer ${layer}`);
        const derivs = [];
        let h = x;
        for (let l = 0; l <= last && l < this.weights.length - 1; l++) {
            const z = tf.add(this.mm(h, this.weights[l]), this.biases[l]);
            let a;
            let d;
            if (this.config.activation === "relu") {
                a = tf.relu(z);
                d = tf.step(z);
            }
            else {
                a = tf.tanh(z);
                d = tf.sub(1, tf.square(a));
            }
            const noise = this.noise[l];
            if (noise) {
                const n = noise.applyWithDerivative(a);
                a = n.y;
                if (n.dydx)
                    d = tf.mul(d, n.dydx);
            }
            derivs.push(d);
            h = a;
        }
        let g = v;
        if (last === this.weights.length - 1)
            g = this.mm(g, tf.transpose(this.weights[last]));
        for (let l = derivs.length - 1; l >= 0; l--) {
            g = tf.mul(g, derivs[l]);
            g = this.mm(g, tf.transpose(this.weights[l]));
        }
        return g;
    }
    logits(x, opts) {
        return tf.tidy(() => this.forward(x, opts).logits);
    }
    hidden(x, name, opts) {
        const i = this.hiddenNames.indexOf(name);
        if (i < 0)
            throw new Error(`mlp has no hidden representation '${name}' (has: ${this.hiddenNames.join(", ")})`);
        // Runs only up to layer i, so later layers' noise is not drawn.
        return tf.tidy(() => {
            let h = x;
            for (let l = 0; l <= i; l++)
                h = this.hiddenLayer(l, h, opts?.noiseRng);
            return h;
        });
    }
    /** Hidden layer l (0-based): noise(act(h·W + b)), fresh noise from `noiseRng` when given (layers draw from it in turn). */
    hiddenLayer(l, h, noiseRng) {
        const z = tf.add(this.mm(h, this.weights[l]), this.biases[l]);
        const a = (this.config.activation === "relu" ? tf.relu(z) : tf.tanh(z));
        const noise = this.noise[l];
        return noise ? noise.apply(a, noiseRng) : a;
    }
    trainableVariables() {
        return [...this.weights, ...this.biases];
    }
    /** States of the noise layers' own streams (null where a layer has no noise), for checkpoints. */
    noiseStates() {
        return this.noise.map((n) => n?.rngState() ?? null);
    }
    /** Continues the noise layers' streams from {@link noiseStates}. */
    restoreNoiseStates(states) {
        if (states.length !== this.noise.length)
            throw new Error(`mlp: ${states.length} noise states for ${this.noise.length} layers`);
        this.noise.forEach((n, i) => {
            const s = states[i];
            if (n && s)
                n.restoreRng(s);
        });
    }
    async serialize() {
        const tensors = {};
        for (let l = 0; l < this.weights.length; l++) {
            tensors[`w${l + 1}`] = { shape: [...this.weights[l].shape], data: (await this.weights[l].data()) };
            tensors[`b${l + 1}`] = { shape: [...this.biases[l].shape], data: (await this.biases[l].data()) };
        }
        return { kind: this.kind, config: JSON.parse(JSON.stringify(this.config)), tensors };
    }
    dispose() {
        for (const v of [...this.weights, ...this.biases])
            v.dispose();
    }
}
let uid = 0;
function validateConfig(c) {
    const ok = (v) => Number.isInteger(v) && v >= 1;
    if (!ok(c.inputDim) || !ok(c.classes))
        throw new Error(`mlp: inputDim and classes must be positive integers`);
    if (!Array.isArray(c.hidden) || c.hidden.length === 0 || !c.hidden.every(ok)) {
        throw new Error(`mlp: hidden must list at least one positive integer width, got ${JSON.stringify(c.hidden)}`);
    }
    if (!ACTIVATIONS.includes(c.activation))
        throw new Error(`mlp: activation must be one of ${ACTIVATIONS.join(", ")}, got '${c.activation}'`);
}
/** Rebuilds an {@link Mlp} from {@link Mlp.serialize}'s artifacts (registered as `mlp` in MODEL_LOADERS). */
export function mlpFromArtifacts(a) {
    const c = a.config;
    const config = { ...c, noise: c.noise ? noiseConfig(c.noise) : null };
    const depth = config.hidden.length + 1;
    const weights = [];
    const biases = [];
    for (let l = 1; l <= depth; l++) {
        const w = a.tensors[`w${l}`];
        const b = a.tensors[`b${l}`];
        if (!w || !b)
            throw new Error(`mlp artifacts: missing tensor w${l} or b${l}`);
        weights.push(w.data);
        biases.push(b.data);
    }
    return new Mlp(config, { weights, biases });
}
//# sourceMappingURL=mlp.js.map