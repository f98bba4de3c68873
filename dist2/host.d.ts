/** Whether this code runs in Node (rather than a browser page or worker): the one place that asks. */
export declare function isNode(): boolean;
