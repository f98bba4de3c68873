/** A progress callback that does nothing. */
export const noProgress = () => { };
//# sourceMappingURL=progress.js.map