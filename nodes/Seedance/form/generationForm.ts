/**
 * A Generate item's form, read once: model, prompt, options and where its media come from (URLs,
 * binary field names; never the bytes). Each expression costs a run of n8n's expression engine, so
 * the form read when the item is checked is the form its body is built from.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SeedanceConnection } from '../http/connection';
import { DEFAULT_CREATE_CONCURRENCY } from '../api/settings';
import { idForProvider, type GenerationMode } from '../request/models';
import { SeedanceInputError } from '../shared/errors';
import type { ItemParameters } from './itemParameters';
import type { MediaSource } from './mediaSources';
import { readCommonOptions, readOptions } from './readers';

/** What an operation's form gives besides model, prompt and options. */
export interface OperationInputs {
	images: MediaSource[];
	videos?: MediaSource[];
	audio?: MediaSource[];
	draftTaskId?: string;
}

export type ReadInputs = (parameters: ItemParameters, itemIndex: number) => OperationInputs;

export interface ItemForm {
	model: string;
	provider?: string;
	prompt: string;
	inputs: OperationInputs;
	options: IDataObject;
	waitForCompletion: boolean;
}

/** A text field as text: an expression that gives an object or a list must not become "[object Object]" in a paid task. */
export function textParameter(value: unknown, label: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new SeedanceInputError(
		`${label} must be text, but its expression gave ${Array.isArray(value) ? 'a list' : 'an object'}`,
		`Make the ${label} expression give text, e.g. pick one field ({{ $json.text }}) or join a list ({{ $json.parts.join(' ') }}).`,
	);
}

export async function readGenerationForm(
	parameters: ItemParameters,
	http: SeedanceConnection,
	itemIndex: number,
	mode: GenerationMode,
	readInputs: ReadInputs,
): Promise<ItemForm> {
	const options = readOptions(parameters, itemIndex);
	readCommonOptions(options, DEFAULT_CREATE_CONCURRENCY); // a bad number in Options is named first
	const credentials = await http.credentials();
	const model = textParameter(parameters.read('model', itemIndex, '', { extractValue: true }), 'Model');
	return {
		// Each provider spells the known models its own way; a user may pick any spelling anywhere.
		model: idForProvider(model, credentials.provider),
		provider: typeof credentials.provider === 'string' ? credentials.provider : undefined,
		inputs: readInputs(parameters, itemIndex),
		prompt: mode === 'draftFinal' ? '' : textParameter(parameters.read('prompt', itemIndex, ''), 'Prompt'),
		options,
		waitForCompletion: parameters.read('waitForCompletion', itemIndex, false) as boolean,
	};
}
