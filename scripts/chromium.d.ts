/** The Chromium the editor tests drive: CHROMIUM_PATH, a system one, or @sparticuz/chromium's (Linux x64). */
export interface FoundChromium {
	executablePath: string;
	/** Variables the browser process needs on top of process.env (the bundled one's libraries and fonts). */
	env: Record<string, string>;
	/** 'CHROMIUM_PATH', 'system' or '@sparticuz/chromium <version>'. */
	source: string;
}

/** Finds (or unpacks, once) a browser; throws an error naming the command that installs one. */
export function findChromium(): FoundChromium;

/** The command that installs a browser on this platform. */
export function installHint(): string;
