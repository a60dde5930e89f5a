/** What the next node sees of a Seedream image: its facts, per-image errors, the usage as billed, the agent's view. */
import {
	cutShortJson,
	failedImageJson,
	imageAgentView,
	imageJson,
	undeliveredImageJson,
	usageJson,
	type ImageRequestFacts,
} from '../../../nodes/Seedance/output/imageItem';
import { SeedanceApiFailure } from '../../../nodes/Seedance/shared/errors';

const facts: ImageRequestFacts = {
	prompt: 'a bike',
	model: 'doubao-seedream-5-0-pro-260628',
	seed: null,
	usage: { generatedImages: 2, outputTokens: 32768, totalTokens: 32768, inputImages: 1, webSearches: 1 },
	created: 1_800_000_000,
};

describe('an image item', () => {
	it('carries the usage in the API spelling, the billed count as generated_images, and no cost until prices are known', () => {
		expect(usageJson(facts.usage)).toEqual({ generated_images: 2, output_tokens: 32768, total_tokens: 32768, input_images: 1, tool_usage: { web_search: 1 } });
		expect(usageJson({ generatedImages: 1, outputTokens: 1, totalTokens: 1 })).toEqual({ generated_images: 1, output_tokens: 1, total_tokens: 1 });
		expect(usageJson(undefined)).toBeNull();
		const json = imageJson({ index: 1, url: 'https://img.test/a.png', size: { width: 2048, height: 1152 }, outputFormat: 'png' }, facts);
		expect(json).toEqual({
			index: 1,
			url: 'https://img.test/a.png',
			size: '2048x1152',
			width: 2048,
			height: 1152,
			outputFormat: 'png',
			prompt: 'a bike',
			model: 'doubao-seedream-5-0-pro-260628',
			seed: null,
			createdAt: '2027-01-15T08:00:00.000Z',
			usage: usageJson(facts.usage),
		});
		expect(json).not.toHaveProperty('cost');
		expect(imageJson({ index: 0 }, { ...facts, cost: { amount: 0.09, currency: 'USD' } }, 'jpeg')).toMatchObject({ url: null, size: null, outputFormat: 'jpeg', cost: { amount: 0.09, currency: 'USD' } });
	});

	it('names a failed image, its code and place, in the user words', () => {
		expect(failedImageJson({ index: 2, error: { code: 'OutputImageSensitiveContentDetected', message: 'raw' } }, facts)).toMatchObject({
			error: 'Image 3 of this request was not made: the generated image was blocked by the content safety check',
			description: expect.stringContaining('Seedance said: OutputImageSensitiveContentDetected: raw'),
			code: 'OutputImageSensitiveContentDetected',
			index: 2,
			usage: { generated_images: 2 },
		});
	});

	it('keeps the URL of an image that could not be downloaded, and what broke off after some images', () => {
		const failure = new SeedanceApiFailure('Downloading image 1 of input item 0 failed (HTTP 503)', 'Fetch it from its URL.', { httpCode: 503 });
		expect(undeliveredImageJson({ index: 0, url: 'https://img.test/a.jpeg' }, facts, failure)).toMatchObject({
			url: 'https://img.test/a.jpeg',
			error: 'Downloading image 1 of input item 0 failed (HTTP 503)',
			description: 'Fetch it from its URL.',
			httpCode: 503,
		});
		const cut = new SeedanceApiFailure('The image answer broke off after 1 image', 'More may exist.', {});
		expect(cutShortJson(cut, facts)).toMatchObject({ error: 'The image answer broke off after 1 image', description: 'More may exist.', prompt: 'a bike' });
	});

	it('gives an agent the URL as imageUrl, and errors as they are', () => {
		expect(imageAgentView({ index: 0, url: 'https://img.test/a.jpeg' })).toEqual({ index: 0, url: 'https://img.test/a.jpeg', imageUrl: 'https://img.test/a.jpeg' });
		expect(imageAgentView({ index: 0, url: null })).toMatchObject({ imageUrl: null });
		expect(imageAgentView({ error: 'blocked', index: 1 })).toEqual({ error: 'blocked', index: 1 });
		// A made image whose download failed keeps its URL for the agent.
		expect(imageAgentView({ error: 'download failed', url: 'https://img.test/b.jpeg' })).toMatchObject({ imageUrl: 'https://img.test/b.jpeg' });
	});
});
