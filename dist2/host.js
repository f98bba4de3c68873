/** Whether this code runs in Node (rather than a browser page or worker): the one place that asks. */
export function isNode() {
    return typeof process !== "undefined" && !!process.versions?.node;
}
//# sourceMappingURL=host.js.map