/**
 * A Seedream image as the item a user gets: its facts as JSON and the image as binary data,
 * streamed from its 24-hour URL into n8n's binary data (or decoded from base64). One item per image
 * of the request; an image that failed (the content filter, a server error mid-group, a download
 * that did not work) is an item with `error` in its place, never left out.
 */
import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { SeedanceConnection } from '../http/connection';
import { capitalised, downloadFile, shownHead, type DownloadSettings, type DownloadSubject } from '../http/download';
import type { FailedImage, GeneratedImage, ImageUsage } from '../request/imageBody';
import { detectImageFormat } from '../request/images';
import { describeApiError, SeedanceApiFailure, type ApiErrorInfo } from '../shared/errors';

/** What every image of one request shares. */
export interface ImageRequestFacts {
	/** The prompt as sent. */
	prompt: string;
	/** The model as the answer names it, else as sent. */
	model: string;
	/** The seed sent (models typed by ID that take one), else null. */
	seed: number | null;
	usage?: ImageUsage;
	/** Unix seconds, from the answer. */
	created?: number;
	/** This image's cost: billed at the model's price per image (unknown, saying why, without a price; never guessed). */
	cost?: IDataObject;
}

/** The usage as the API spells it (`generated_images` is what is billed), the same on every image of the request. */
export function usageJson(usage: ImageUsage | undefined): IDataObject | null {
	if (!usage) return null;
	const json: IDataObject = {
		generated_images: usage.generatedImages,
		output_tokens: usage.outputTokens,
		total_tokens: usage.totalTokens,
	};
	if (usage.inputImages !== undefined) json.input_images = usage.inputImages;
	if (usage.webSearches !== undefined) json.tool_usage = { web_search: usage.webSearches };
	return json;
}

function shared(facts: ImageRequestFacts): IDataObject {
	const json: IDataObject = {
		prompt: facts.prompt,
		model: facts.model,
		seed: facts.seed,
		createdAt: facts.created === undefined ? null : new Date(facts.created * 1000).toISOString(),
		usage: usageJson(facts.usage),
	};
	if (facts.cost) json.cost = facts.cost;
	return json;
}

/** A made image's JSON (its binary data is attached by `imageBinary`). */
export function imageJson(image: GeneratedImage, facts: ImageRequestFacts, format?: string): IDataObject {
	return {
		index: image.index,
		url: image.url ?? null,
		size: image.size ? `${image.size.width}x${image.size.height}` : null,
		width: image.size?.width ?? null,
		height: image.size?.height ?? null,
		outputFormat: image.outputFormat ?? format ?? null,
		...shared(facts),
	};
}

/** The item of an image the request did not deliver: the API's code and message in the user's words. */
export function failedImageJson(image: FailedImage, facts: ImageRequestFacts): IDataObject {
	const info: ApiErrorInfo = { code: image.error.code, message: image.error.message };
	const { message, description } = describeApiError(info);
	return {
		error: `Image ${image.index + 1} of this request was not made: ${message.charAt(0).toLowerCase()}${message.slice(1)}`,
		description,
		code: image.error.code,
		index: image.index,
		...shared(facts),
	};
}

/** The item of a made image whose file could not be fetched: the URL is kept, it answers for 24 hours. */
export function undeliveredImageJson(image: GeneratedImage, facts: ImageRequestFacts, error: unknown): IDataObject {
	const failure = error instanceof SeedanceApiFailure ? error : undefined;
	const json: IDataObject = {
		...imageJson(image, facts),
		error: failure?.message ?? (error as Error)?.message ?? String(error),
	};
	if (failure?.description) json.description = failure.description;
	if (failure?.info.httpCode) json.httpCode = failure.info.httpCode;
	return json;
}

/** The item for what broke off after some images came: more of the request may have been made. */
export function cutShortJson(failure: SeedanceApiFailure, facts: ImageRequestFacts): IDataObject {
	return { error: failure.message, description: failure.description, ...shared(facts) };
}

const EXTENSIONS: Record<string, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', gif: 'gif', bmp: 'bmp', tiff: 'tiff' };

/** The file's name: the one in its URL (img-….jpeg), else one made from the image's place. */
function fileName(image: GeneratedImage, format: string): string {
	const fromUrl = image.url ? /\/([^/?#]+\.(?:jpe?g|png|webp))(?:[?#]|$)/i.exec(image.url)?.[1] : undefined;
	return fromUrl ?? `seedream-${image.index + 1}.${EXTENSIONS[format] ?? 'jpeg'}`;
}

export interface ImageDelivery extends DownloadSettings {
	/** "image 2 of input item 0": named in every error about the download. */
	what: string;
}

/**
 * The image as binary data: decoded from the answer's base64, or streamed from its URL (GET
 * without the API key: the URL is signed for object storage). Throws when neither works.
 */
export async function imageBinary(
	context: IExecuteFunctions,
	http: SeedanceConnection,
	image: GeneratedImage,
	b64: string | undefined,
	delivery: ImageDelivery,
): Promise<IBinaryData> {
	if (b64 !== undefined) {
		const bytes = Buffer.from(b64, 'base64');
		const format = detectImageFormat(bytes) ?? image.outputFormat ?? 'jpeg';
		return await context.helpers.prepareBinaryData(bytes, fileName(image, format), `image/${format}`);
	}
	if (!image.url) {
		throw new SeedanceApiFailure(`${delivery.what} came without a URL or data`, 'The answer was not what Seedream documents: a proxy may be in the way.', {});
	}
	const subject: DownloadSubject = {
		what: delivery.what,
		again: 'The image stays at its URL (the "url" field of this item) for 24 hours: fetch it from there, e.g. with an HTTP Request node.',
		expired: 'Seedream keeps generated images for 24 hours at their URL. Generate the image again.',
		// A page or an error object at the image's URL must not become a .png: its first bytes decide.
		check(status, contentType, head) {
			const format = detectImageFormat(head);
			if (format) return { mimeType: `image/${format}` };
			const type = contentType?.split(';')[0].trim() || 'no content type';
			const what = head.length === 0 ? 'an empty body (0 bytes)' : `${type}, not an image (${shownHead(head)})`;
			return {
				refused: new SeedanceApiFailure(
					`${capitalised(delivery.what)} was not downloaded: its URL answered HTTP ${status} with ${what}`,
					'Nothing was stored. The image URL answered with something else (an error page, a proxy, an expired link). The image stays at its URL (the "url" field of this item) for 24 hours.',
					{ httpCode: status },
				),
			};
		},
	};
	return await downloadFile(http, image.url, subject, delivery, async (stream, mimeType) => {
		const format = mimeType.slice('image/'.length);
		return await context.helpers.prepareBinaryData(stream as unknown as Buffer, fileName(image, format), mimeType);
	});
}

/**
 * An AI agent keeps only the JSON of a tool's answer (binary data is dropped): every image item
 * then names its URL as `imageUrl`; errors stay as they are.
 */
export function imageAgentView(json: IDataObject): IDataObject {
	if (typeof json.error === 'string' && json.url === undefined) return json;
	return { ...json, imageUrl: json.url ?? null };
}
