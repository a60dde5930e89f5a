import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../http/attempt';
import { MODEL_SEARCH_METHOD } from '../form/descriptions';
import { IMAGE_MODEL_SEARCH_METHOD } from '../form/imageForm';
import { imageIdForProvider, imageModelsNewestFirst } from '../request/imageModels';
import { idForProvider, modelsFor, type GenerationMode } from '../request/models';
import type { ProviderName } from '../shared/providers';

/** The models that can do `mode`, newest first, spelled as the credential's provider spells them. */
export function modelList(mode: GenerationMode, provider: unknown, filter?: string): INodeListSearchResult {
	const query = (filter ?? '').toLowerCase();
	return {
		results: modelsFor(mode)
			.map((model) => {
				const retired = model.retired?.[provider as ProviderName];
				return {
					name: retired ? `${model.name} (switched off: ${retired})` : model.name,
					value: idForProvider(model.id, provider),
				};
			})
			.filter((entry) => !query || `${entry.name} ${entry.value}`.toLowerCase().includes(query)),
	};
}

/** The Seedream models, newest first, the same way: the provider's spelling, switched-off ones marked. */
export function imageModelList(provider: unknown, filter?: string): INodeListSearchResult {
	const query = (filter ?? '').toLowerCase();
	return {
		results: imageModelsNewestFirst()
			.map((model) => {
				const retired = model.retired?.[provider as ProviderName];
				return {
					name: retired ? `${model.name} (switched off: ${retired})` : model.name,
					value: imageIdForProvider(model.id, provider),
				};
			})
			.filter((entry) => !query || `${entry.name} ${entry.value}`.toLowerCase().includes(query)),
	};
}

function search(list: (provider: unknown, filter?: string) => INodeListSearchResult) {
	return async function (this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		let provider: unknown;
		try {
			provider = (await this.getCredentials(CREDENTIAL_TYPE)).provider;
		} catch {
			provider = undefined; // no credential chosen yet: show the Volcengine spelling
		}
		return list(provider, filter);
	};
}

/** One search per mode, under the name each Model field asks for, and one for the image models. */
export const listSearch = {
	...Object.fromEntries(
		(Object.entries(MODEL_SEARCH_METHOD) as Array<[GenerationMode, string]>).map(([mode, method]) => [
			method,
			search((provider, filter) => modelList(mode, provider, filter)),
		]),
	),
	[IMAGE_MODEL_SEARCH_METHOD]: search(imageModelList),
};
