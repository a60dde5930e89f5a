/** What one run of Image → Generate keeps besides the shared execution state (actions/execution.ts holds it). */
import type { ImageForm } from '../../form/imageForm';
import { batchLimits } from '../../batch/limits';
import { limiter } from '../../batch/pool';
import type { ImageGenerationBody } from '../../request/imageBody';

/** The images an item's request made: an error that stops the run names them, since they are billed. */
export interface MadeImages {
	itemIndex: number;
	urls: string[];
	/** Images that came as base64 (no URL to name). */
	inline: number;
}

export interface ImageRun {
	/** Items checked before the first request: their form and their body, sent as checked. */
	readonly checked: Map<number, { form: ImageForm; body: ImageGenerationBody }>;
	/** Every image made so far in this run, by item. */
	readonly made: MadeImages[];
	/** Image downloads at once, for the whole run. */
	readonly downloads: ReturnType<typeof limiter>;
	/** Requests answered with base64 images at once. */
	readonly inlineAnswers: ReturnType<typeof limiter>;
}

export function newImageRun(): ImageRun {
	return {
		checked: new Map(),
		made: [],
		downloads: limiter(batchLimits.imageDownloads),
		inlineAnswers: limiter(batchLimits.inlineImageAnswers),
	};
}

/** The images made in this run, for an error that stops it ("" when none). */
export function madeImagesNote(made: MadeImages[], said: string): string {
	const unnamed = made.filter((entry) => entry.inline > 0 || entry.urls.some((url) => !said.includes(url)));
	if (unnamed.length === 0) return '';
	const list = unnamed
		.map((entry) => {
			const parts = [...entry.urls];
			if (entry.inline > 0) parts.push(`${entry.inline} sent as base64, not kept`);
			return `item ${entry.itemIndex}: ${parts.join(', ')}`;
		})
		.join('; ');
	return `Images already made (and billed) in this run: ${list}. Each URL answers for 24 hours.`;
}
