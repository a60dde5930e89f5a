/**
 * Image → Generate: Seedream makes one image, or a group, in one synchronous request. Every image
 * of the request becomes an output item of its own, paired with the input item; an image the
 * request did not deliver becomes an item with `error` in its place.
 */
import { updateDisplayOptions, type IBinaryData, type INodeExecutionData } from 'n8n-workflow';

import { generateImages, type ImagesResult } from '../../api/images';
import { costOfImages, requirePricing } from '../../api/pricing';
import { imageFields, readImageForm, type ImageForm } from '../../form/imageForm';
import { resolveMedia } from '../../form/mediaSources';
import {
	cutShortJson,
	failedImageJson,
	imageBinary,
	imageJson,
	undeliveredImageJson,
	type ImageRequestFacts,
} from '../../output/imageItem';
import {
	buildImageBody,
	checkSeedreamImageBytes,
	imageBodyBytes,
	isFailedImage,
	type GeneratedImage,
	type ImageGenerationBody,
	type ImageOutcome,
} from '../../request/imageBody';
import { findImageModel } from '../../request/imageModels';
import { settled, type Settled } from '../../shared/async';
import { describeApiError, ExecutionCancelledError, SeedanceApiFailure } from '../../shared/errors';
import type { Execution } from '../execution';

export const description = updateDisplayOptions({ show: { resource: ['image'], operation: ['generate'] } }, imageFields);

/** Max Images from the form: a number field, or an expression that may give its number as text. */
function maxImagesOf(value: unknown): unknown {
	return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}

/** The body, every rule checked. Binary references are held to Seedream's rules from their first bytes and go in as inline files. */
async function buildBody(run: Execution, itemIndex: number, form: ImageForm): Promise<ImageGenerationBody> {
	const model = findImageModel(form.model);
	const references = await resolveMedia(run.context, itemIndex, 'image', form.references, (label, bytes, mimeType, size) =>
		checkSeedreamImageBytes(label, bytes, mimeType, size, model),
	);
	return buildImageBody({
		model: form.model,
		provider: form.provider,
		prompt: form.prompt,
		references,
		size: form.size,
		group: { maxImages: maxImagesOf(form.maxImages) as number },
		watermark: form.watermark,
		seed: form.seed,
		promptOptimisation: form.promptOptimisation,
		outputFormat: form.outputFormat,
		webSearch: form.webSearch,
		// `url` is the API's default: only base64 is asked for.
		responseFormat: form.responseFormat === 'b64_json' ? 'b64_json' : undefined,
		// Streamed where the model streams: the images made before a dropped connection still arrive.
		stream: model?.stream === true,
	});
}

/** Each image's binary data, started as soon as the image is known (while the rest of a group is still being made). */
function deliveries(run: Execution, itemIndex: number, form: ImageForm) {
	const started = new Map<number, Promise<Settled<IBinaryData>>>();
	const onImage = (image: ImageOutcome) => {
		if (isFailedImage(image)) return;
		// The answer keeps no copy of base64 data: it goes straight to the binary store.
		const b64 = image.b64;
		delete image.b64;
		if (b64 === undefined && !form.downloadImages) return;
		const what = `image ${image.index + 1} of input item ${itemIndex}`;
		const store = async () => await imageBinary(run.context, run.http, image, b64, { ...form.settings, what });
		started.set(image.index, settled(b64 === undefined ? run.images.downloads(store) : store()));
	};
	return { started, onImage };
}

function noImageMade(result: ImagesResult): SeedanceApiFailure {
	if (result.cutShort) return result.cutShort;
	const failed = result.images.find(isFailedImage);
	if (!failed) {
		return new SeedanceApiFailure(
			'Seedream answered without any image',
			'The answer listed no image (usage reports none made). Change the prompt, or run the item again.',
			{},
		);
	}
	const { message, description } = describeApiError({ code: failed.error.code, message: failed.error.message });
	const all = result.images.length === 1 ? '' : ` (all ${result.images.length} images of the group failed)`;
	return new SeedanceApiFailure(`${message}${all}`, description, { code: failed.error.code, message: failed.error.message });
}

async function generate(run: Execution, itemIndex: number, form: ImageForm, body: ImageGenerationBody, onSent: () => void): Promise<INodeExecutionData[]> {
	const { started, onImage } = deliveries(run, itemIndex, form);
	const request = async () => {
		const sent = await settled(generateImages(run, body, form.settings, onImage));
		onSent();
		// Base64 answers count as in flight until their images are stored.
		const stored = await Promise.all(started.values());
		return { sent, stored };
	};
	const { sent } = form.responseFormat === 'b64_json' ? await run.images.inlineAnswers(request) : await request();
	if (!sent.ok) throw sent.error;
	const result = sent.value;
	const made = result.images.filter((image): image is GeneratedImage => !isFailedImage(image));
	if (made.length > 0) {
		run.images.made.push({
			itemIndex,
			urls: made.flatMap((image) => (image.url ? [image.url] : [])),
			inline: made.filter((image) => !image.url).length,
		});
	}
	const binaries = new Map<number, Settled<IBinaryData>>();
	for (const [index, promise] of started) binaries.set(index, await promise);
	const stopped = [...binaries.values()].find((outcome) => !outcome.ok && outcome.error instanceof ExecutionCancelledError);
	if (stopped && !stopped.ok) throw stopped.error;
	if (made.length === 0) throw noImageMade(result);

	const facts: ImageRequestFacts = {
		prompt: body.prompt,
		model: result.model ?? body.model,
		seed: body.seed ?? null,
		usage: result.usage,
		created: result.created,
	};
	const pricing = await run.pricing();
	const references = body.image === undefined ? 0 : Array.isArray(body.image) ? body.image.length : 1;
	const firstMade = made.length > 0 ? Math.min(...made.map((image) => image.index)) : -1;
	// Each image item carries its own image's bill, so the items of a run add up to the request's;
	// reference images charged per request (5.0 Pro's beyond the first) go on the first image made.
	const costOf = (image: GeneratedImage) =>
		costOfImages(pricing, {
			model: facts.model,
			images: [{ size: image.size ? `${image.size.width}x${image.size.height}` : undefined }],
			generatedImages: 1,
			inputImages: image.index === firstMade ? references : 0,
		});
	const items: INodeExecutionData[] = [...result.images]
		.sort((a, b) => a.index - b.index)
		.map((image) => {
			if (isFailedImage(image)) return { json: failedImageJson(image, facts) };
			const binary = binaries.get(image.index);
			const billed = { ...facts, cost: { ...costOf(image) } };
			if (!binary) return { json: imageJson(image, billed, body.output_format) };
			if (!binary.ok) return { json: undeliveredImageJson(image, billed, binary.error) };
			const format = binary.value.mimeType.replace(/^image\//, '');
			return { json: imageJson(image, billed, format), binary: { [form.binaryPropertyName]: binary.value } };
		});
	if (result.cutShort) items.push({ json: cutShortJson(result.cutShort, facts) });
	return items;
}

export async function validate(run: Execution, itemIndex: number): Promise<void> {
	const form = await readImageForm(run.parameters, run.http, itemIndex);
	const body = await buildBody(run, itemIndex, form);
	// Images show their cost: a bad Prices field stops the run here, before anything is paid, as for videos.
	requirePricing(await run.pricing());
	run.images.checked.set(itemIndex, { form, body });
}

export async function execute(run: Execution, itemIndex: number): Promise<INodeExecutionData[]> {
	const checked = run.images.checked.get(itemIndex);
	run.images.checked.delete(itemIndex);
	const form = checked?.form ?? (await readImageForm(run.parameters, run.http, itemIndex));
	// As for videos (actions/video/generate.ts): a body with binary references goes out only once
	// those in flight leave room for its exact size; the room is given back once it was answered.
	const { body, bytes } = await run.building(async () => {
		const built = checked?.body ?? (await buildBody(run, itemIndex, form));
		const size = imageBodyBytes(built);
		await run.bodies.take(size);
		return { body: built, bytes: size };
	});
	let held = true;
	const giveBack = () => {
		if (held) run.bodies.give(bytes);
		held = false;
	};
	try {
		return await generate(run, itemIndex, form, body, giveBack);
	} finally {
		giveBack();
	}
}
