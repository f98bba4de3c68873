/** Versions of hebblab and the packages whose numbers a result depends on. */
export declare function versions(): Record<string, string>;
