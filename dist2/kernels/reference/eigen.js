// Plain-TypeScript twins of assembly/eigen.ts (f64), unblocked, with the same
// conventions: A row-major, read from its diagonal rightwards; e[k] couples k
// and k+1; eigenvectors as rows.
/** Twin of `tridiag_f64`: unblocked Householder reduction (LAPACK dsytd2, lower form). */
export function tridiagF64(input, n) {
    const a = Float64Array.from(input);
    const d = new Float64Array(n);
    const e = new Float64Array(n);
    const tau = new Float64Array(n);
    const w = new Float64Array(n);
    for (let k = 0; k < n - 1; k++) {
        const r = k * n;
        const alpha = a[r + k + 1];
        let xx = 0;
        for (let c = k + 2; c < n; c++)
            xx += a[r + c] * a[r + c];
        const xnorm = Math.sqrt(xx);
        if (xnorm === 0) {
            e[k] = alpha;
            d[k] = a[r + k];
            continue;
        }
        const nrm = Math.sqrt(alpha * alpha + xnorm * xnorm);
        const beta = alpha >= 0 ? -nrm : nrm;
        const t = (beta - alpha) / beta;
        const inv = 1 / (alpha - beta);
        for (let c = k + 2; c < n; c++)
            a[r + c] *= inv;
        tau[k] = t;
        e[k] = beta;
        const v = (c) => (c === k + 1 ? 1 : a[r + c]);
        // w = τ·A₂₂·v (A₂₂ read from its upper triangle), then w −= ½τ(wᵀv)·v.
        for (let c = k + 1; c < n; c++) {
            let s = 0;
            for (let q = k + 1; q < n; q++)
                s += (q >= c ? a[c * n + q] : a[q * n + c]) * v(q);
            w[c] = t * s;
        }
        let wv = 0;
        for (let c = k + 1; c < n; c++)
            wv += w[c] * v(c);
        for (let c = k + 1; c < n; c++)
            w[c] -= 0.5 * t * wv * v(c);
        for (let p = k + 1; p < n; p++)
            for (let q = p; q < n; q++)
                a[p * n + q] -= v(p) * w[q] + w[p] * v(q);
        d[k] = a[r + k];
        a[r + k + 1] = beta;
    }
    if (n > 0)
        d[n - 1] = a[(n - 1) * n + n - 1];
    return { d, e, tau, a };
}
/** Twin of `tridiag_ql_f64`: implicit QL with Wilkinson shifts (EISPACK tql2). */
export function tridiagQlF64(dIn, eIn, n, vectors) {
    const d = Float64Array.from(dIn);
    const e = Float64Array.from(eIn);
    const z = vectors ? new Float64Array(n * n) : undefined;
    if (z)
        for (let i = 0; i < n; i++)
            z[i * n + i] = 1;
    if (n === 0)
        return { values: d, z, sweeps: 0 };
    e[n - 1] = 0;
    const eps = 2.220446049250313e-16;
    let f = 0;
    let tst1 = 0;
    let sweeps = 0;
    for (let l = 0; l < n; l++) {
        tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
        let m = l;
        while (m < n - 1 && !(Math.abs(e[m]) <= eps * tst1))
            m++;
        if (m > l) {
            let iter = 0;
            do {
                if (++iter > 60)
                    return { values: d, z, sweeps: -1 - l };
                sweeps++;
                let g = d[l];
                let p = (d[l + 1] - g) / (2 * e[l]);
                let r = Math.sqrt(p * p + 1);
                if (p < 0)
                    r = -r;
                d[l] = e[l] / (p + r);
                d[l + 1] = e[l] * (p + r);
                const dl1 = d[l + 1];
                let h = g - d[l];
                for (let i = l + 2; i < n; i++)
                    d[i] -= h;
                f += h;
                p = d[m];
                let c = 1;
                let c2 = 1;
                let c3 = 1;
                const el1 = e[l + 1];
                let s = 0;
                let s2 = 0;
                for (let i = m - 1; i >= l; i--) {
                    c3 = c2;
                    c2 = c;
                    s2 = s;
                    g = c * e[i];
                    h = c * p;
                    r = Math.sqrt(p * p + e[i] * e[i]);
                    e[i + 1] = s * r;
                    s = e[i] / r;
                    c = p / r;
                    p = c * d[i] - s * g;
                    d[i + 1] = h + s * (c * g + s * d[i]);
                    if (z) {
                        for (let k = 0; k < n; k++) {
                            const x = z[i * n + k];
                            const y = z[(i + 1) * n + k];
                            z[(i + 1) * n + k] = s * x + c * y;
                            z[i * n + k] = c * x - s * y;
                        }
                    }
                }
                p = (-s * s2 * c3 * el1 * e[l]) / dl1;
                e[l] = s * p;
                d[l] = c * p;
            } while (Math.abs(e[l]) > eps * tst1);
        }
        d[l] += f;
        e[l] = 0;
    }
    return { values: d, z, sweeps };
}
/** Twin of `householder_apply_f64`: rows z_t ← Q·z_t, Q = H₀·…·H_{n−2} from {@link tridiagF64}. */
export function householderApplyF64(a, n, tau, zIn, m) {
    const z = Float64Array.from(zIn);
    for (let t = 0; t < m; t++) {
        const o = t * n;
        for (let k = n - 2; k >= 0; k--) {
            if (tau[k] === 0)
                continue;
            let s = z[o + k + 1];
            for (let c = k + 2; c < n; c++)
                s += a[k * n + c] * z[o + c];
            s *= tau[k];
            z[o + k + 1] -= s;
            for (let c = k + 2; c < n; c++)
                z[o + c] -= s * a[k * n + c];
        }
    }
    return z;
}
/** Twin of `quadform_f64`: out[t] = z_tᵀ·S·z_t for m rows of z (length n), S [n, n]. */
export function quadformF64(s, n, z, m) {
    const out = new Float64Array(m);
    for (let t = 0; t < m; t++) {
        let q = 0;
        for (let r = 0; r < n; r++) {
            let row = 0;
            for (let c = 0; c < n; c++)
                row += s[r * n + c] * z[t * n + c];
            q += z[t * n + r] * row;
        }
        out[t] = q;
    }
    return out;
}
//# sourceMappingURL=eigen.js.map