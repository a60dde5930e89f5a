import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { generationOptions, modelField, promptField, waitFields } from '../../form/descriptions';
import { IMAGE_SOURCES, readSourceCollection, sourceCollection, type SourceCollection } from '../../form/mediaSources';
import { generateOperation } from './generate';

/** Saved as `referenceImages.image[]` (source, url, binaryProperty) since version 1: no asset source. */
const referenceImages: SourceCollection = {
	name: 'referenceImages',
	entry: 'image',
	displayName: 'Reference Images',
	entryLabel: 'Image',
	assets: false,
	description: 'One to four images of what the video should contain (a product, a character, a place). The first is [Figure 1].',
	urlLabel: 'Image URL',
	sources: IMAGE_SOURCES,
	placeholder: 'e.g. https://example.com/product.png',
	item: 'image',
};

export const properties: INodeProperties[] = [
	...modelField('referenceImages'),
	promptField('referenceImages'),
	// This form opens with one empty image (the multimodal collections open empty).
	{ ...sourceCollection(referenceImages), default: { image: [{ source: 'url', url: '' }] } },
	...waitFields,
	generationOptions('referenceImages'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['generateFromReferenceImages'] } },
	properties,
);

export const { validate, checkBatch, execute } = generateOperation('referenceImages', (parameters, itemIndex) => ({
	images: readSourceCollection(parameters, itemIndex, referenceImages, (n) => `Reference image ${n}`),
}));
