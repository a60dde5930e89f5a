/** The editor's model lists: the image models in the credential provider's spelling. */
import { imageModelList, modelList } from '../../../nodes/Seedance/methods/listSearch';
import { imageModelsNewestFirst } from '../../../nodes/Seedance/request/imageModels';

describe('the image model list', () => {
	it('lists the Seedream models newest first, spelled for the provider', () => {
		expect(imageModelList('volcengine').results.map((r) => r.name)).toEqual(imageModelsNewestFirst().map((m) => m.name));
		expect(imageModelList('volcengine').results[0]).toEqual({ name: 'Seedream 5.0 Flash', value: 'doubao-seedream-5-0-flash-260915' });
		expect(imageModelList('byteplus').results.find((r) => r.name === 'Seedream 5.0 Pro')!.value).toBe('dola-seedream-5-0-pro-260628');
		expect(imageModelList('byteplus').results.find((r) => r.name === 'Seedream 4.5')!.value).toBe('seedream-4-5-251128');
		expect(imageModelList(undefined).results.find((r) => r.name === 'Seedream 5.0 Lite')!.value).toBe('doubao-seedream-5-0-260128');
	});

	it('filters by name or id, as the video lists do', () => {
		expect(imageModelList('chainhub', '4-5').results.map((r) => r.name)).toEqual(['Seedream 4.5']);
		expect(imageModelList('chainhub', 'LITE').results.map((r) => r.name)).toEqual(['Seedream 5.0 Lite']);
		expect(modelList('text', 'chainhub', 'seedream').results).toEqual([]);
	});
});
