import type { INodeProperties } from 'n8n-workflow';

import * as generateFromFirstFrame from './generateFromFirstFrame.operation';
import * as generateFromFirstLastFrame from './generateFromFirstLastFrame.operation';
import * as generateFromReferenceImages from './generateFromReferenceImages.operation';
import * as generateFromText from './generateFromText.operation';

export { generateFromFirstFrame, generateFromFirstLastFrame, generateFromReferenceImages, generateFromText };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		default: 'generateFromReferenceImages',
		options: [
			{
				name: 'Generate From First and Last Frame',
				value: 'generateFromFirstLastFrame',
				action: 'Generate a video from first and last frame',
				description: 'Animate from one image to another',
			},
			{
				name: 'Generate From First Frame',
				value: 'generateFromFirstFrame',
				action: 'Generate a video from a first frame',
				description: 'Bring an image to life: the video starts with it',
			},
			{
				name: 'Generate From Reference Images',
				value: 'generateFromReferenceImages',
				action: 'Generate a video from reference images',
				description: 'Put 1–4 things (a product, a mascot, a place) into a new scene',
			},
			{
				name: 'Generate From Text',
				value: 'generateFromText',
				action: 'Generate a video from text',
				description: 'Make a video from a prompt alone',
			},
		],
	},
	...generateFromReferenceImages.description,
	...generateFromText.description,
	...generateFromFirstFrame.description,
	...generateFromFirstLastFrame.description,
];
