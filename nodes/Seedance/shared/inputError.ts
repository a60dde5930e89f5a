/** Pure: the error for bad input, and the byte formatting its messages use. */

/** Bad input: what is wrong (message) and how to fix it (description). */
export class SeedanceInputError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'SeedanceInputError';
	}
}

export function formatBytes(bytes: number): string {
	const mb = bytes / (1024 * 1024);
	return mb >= 1 ? `${mb.toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
