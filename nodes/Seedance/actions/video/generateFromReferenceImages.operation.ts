import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { generationOptions, IMAGE_SOURCES, modelField, promptField, waitFields } from '../../form/descriptions';
import type { ImageSpec } from '../../request/images';
import { generateOperation } from './generate';

const properties: INodeProperties[] = [
	...modelField('referenceImages'),
	promptField('referenceImages'),
	{
		displayName: 'Reference Images',
		name: 'referenceImages',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true, multipleValueButtonText: 'Add Reference Image' },
		placeholder: 'Add Reference Image',
		default: { image: [{ source: 'url', url: '' }] },
		description: 'One to four images of what the video should contain (a product, a character, a place). The first is [Figure 1].',
		options: [
			{
				name: 'image',
				displayName: 'Image',
				values: [
					{
						displayName: 'Source',
						name: 'source',
						type: 'options',
						default: 'url',
						options: IMAGE_SOURCES,
					},
					{
						displayName: 'Image URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://example.com/product.png',
						displayOptions: { show: { source: ['url'] } },
					},
					{
						displayName: 'Binary Field',
						name: 'binaryProperty',
						type: 'string',
						default: 'data',
						hint: "The name of the input item's binary field that holds the image",
						displayOptions: { show: { source: ['binary'] } },
					},
				],
			},
		],
	},
	...waitFields,
	generationOptions('referenceImages'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['generateFromReferenceImages'] } },
	properties,
);

function referenceImages(context: IExecuteFunctions, itemIndex: number): ImageSpec[] {
	const collection = context.getNodeParameter('referenceImages', itemIndex, {}) as { image?: IDataObject[] };
	return (collection.image ?? []).map((image, index) => ({
		label: `Reference image ${index + 1}`,
		source: image.source === 'binary' ? 'binary' : 'url',
		url: image.url === undefined ? undefined : String(image.url),
		binaryProperty: image.binaryProperty === undefined ? undefined : String(image.binaryProperty),
	}));
}

export const { validate, execute } = generateOperation('referenceImages', (context, itemIndex) => ({
	images: referenceImages(context, itemIndex),
}));
