import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { RunState } from '../../shared/api';
import { generationOptions, imageSourceFields, modelField, promptField, waitFields } from '../../shared/descriptions';
import { frameSpec } from './frames';
import { generate } from './generate';

const properties: INodeProperties[] = [
	modelField('firstLastFrame'),
	promptField('firstLastFrame'),
	...imageSourceFields('firstFrame', 'First Frame'),
	...imageSourceFields('lastFrame', 'Last Frame'),
	...waitFields,
	generationOptions('firstLastFrame'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['generateFromFirstLastFrame'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<INodeExecutionData[]> {
	const frames = [frameSpec(this, itemIndex, 'firstFrame'), frameSpec(this, itemIndex, 'lastFrame')];
	return await generate.call(this, itemIndex, state, 'firstLastFrame', frames);
}
