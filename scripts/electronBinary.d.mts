/** The Electron executable, or null when the binary is not installed (never downloads). */
export function findElectronBinary(): string | null;
