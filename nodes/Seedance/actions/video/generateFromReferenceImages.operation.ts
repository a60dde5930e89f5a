import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { RunState } from '../../shared/api';
import { generationOptions, IMAGE_SOURCES, modelField, promptField, waitFields } from '../../shared/descriptions';
import type { ImageSpec } from '../../shared/images';
import { generate } from './generate';

const properties: INodeProperties[] = [
	modelField('referenceImages'),
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

export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<INodeExecutionData[]> {
	const collection = this.getNodeParameter('referenceImages', itemIndex, {}) as { image?: IDataObject[] };
	const specs: ImageSpec[] = (collection.image ?? []).map((image, index) => ({
		label: `Reference image ${index + 1}`,
		source: image.source === 'binary' ? 'binary' : 'url',
		url: image.url === undefined ? undefined : String(image.url),
		binaryProperty: image.binaryProperty === undefined ? undefined : String(image.binaryProperty),
	}));
	return await generate.call(this, itemIndex, state, 'referenceImages', specs);
}
