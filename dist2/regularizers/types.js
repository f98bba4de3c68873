/** Resolves a 1-based hidden layer index, or −1 for the last, to a 0-based index; throws when out of range. */
export function hiddenIndex(model, layer, who) {
    const n = model.config.hidden.length;
    const i = layer === -1 ? n - 1 : layer - 1;
    if (!Number.isInteger(layer) || i < 0 || i >= n)
        throw new Error(`${who}.layer: ${layer} is not a hidden layer of this network (1..${n}, or -1 for the last)`);
    return i;
}
//# sourceMappingURL=types.js.map