import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as image from './actions/image';
import { router } from './actions/router';
import * as task from './actions/task';
import * as video from './actions/video';
import { listSearch } from './methods/listSearch';
import { LATEST_VERSION } from './form/descriptions';

/** A table of contents: each operation's form and code live in actions/<resource>/<operation>.operation.ts. */
export class Seedance implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Seedance',
		name: 'seedance',
		icon: { light: 'file:seedance.svg', dark: 'file:seedance.dark.svg' },
		group: ['transform'],
		// 1.1: today's models as defaults and the multimodal operation first; version-1 workflows keep theirs.
		version: [1, LATEST_VERSION],
		defaultVersion: LATEST_VERSION,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Generate videos with ByteDance Seedance and images with Seedream (ChainHub, Volcengine Ark, BytePlus ModelArk)',
		defaults: { name: 'Seedance' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'seedanceApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Video', value: 'video' },
					{ name: 'Task', value: 'task' },
					{ name: 'Image', value: 'image', description: 'Seedream images: stills for products, characters, first frames' },
				],
				default: 'video',
			},
			...video.description,
			...task.description,
			...image.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
