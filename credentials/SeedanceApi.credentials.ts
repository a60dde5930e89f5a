import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { PROVIDERS } from '../nodes/Seedance/shared/providers';

/** The base URL as an n8n expression: the provider's, or the custom one (without a trailing slash). */
const BASE_URL_EXPRESSION = `={{ $credentials.provider === 'custom' ? String($credentials.baseUrl).replace(/\\/+$/, '') : (${JSON.stringify(
	Object.fromEntries(Object.entries(PROVIDERS).map(([key, provider]) => [key, provider.baseUrl])),
)})[$credentials.provider] }}`;

export class SeedanceApi implements ICredentialType {
	name = 'seedanceApi';

	displayName = 'Seedance API';

	icon: Icon = { light: 'file:../nodes/Seedance/seedance.svg', dark: 'file:../nodes/Seedance/seedance.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-seedance#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The provider's API key (sent as a Bearer token)",
		},
		{
			displayName: 'Provider',
			name: 'provider',
			type: 'options',
			default: 'chainhub',
			options: [
				{ name: PROVIDERS.chainhub.name, value: 'chainhub', description: PROVIDERS.chainhub.baseUrl },
				{ name: PROVIDERS.volcengine.name, value: 'volcengine', description: PROVIDERS.volcengine.baseUrl },
				{ name: PROVIDERS.byteplus.name, value: 'byteplus', description: PROVIDERS.byteplus.baseUrl },
				{ name: 'Custom Base URL', value: 'custom', description: 'A proxy or another compatible endpoint' },
			],
			description: 'Where the key was issued. Keys work only with their own provider.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://ark.cn-beijing.volces.com/api/v3',
			description: 'The URL that /contents/generations/tasks is relative to',
			displayOptions: { show: { provider: ['custom'] } },
		},
		{
			displayName: 'Prices (JSON)',
			name: 'prices',
			type: 'json',
			default: '',
			placeholder: 'e.g. {"multiplier": 0.8}',
			description:
				'Optional: your own prices, for the cost the node shows on every task and checks against a Spending Limit. Empty: the provider\'s list prices (Volcengine Ark in CNY, BytePlus in USD; ChainHub and custom base URLs publish none).',
			hint: 'A discount on the list: {"multiplier": 0.8}. ChainHub at Volcengine\'s list: {"basedOn": "volcengine", "multiplier": 1}. Own prices per 1M tokens: {"currency": "USD", "models": {"doubao-seedance-2-0-260128": {"perMillionTokens": 7, "withVideoInput": 4.3}}}',
		},
	];

	// A function, not the declarative `{ type: 'generic' }` form: n8n 2.x evaluates a declarative
	// header as an expression in an isolate on every request, which a burst of callbacks pays for
	// on the webhook processor. The header is the same.
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey)}` } };
	}

	// Listing one task proves both the key and the base URL, and creates nothing. A redirect is not
	// followed: n8n would send the key along to wherever it points.
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/contents/generations/tasks',
			method: 'GET',
			qs: { page_num: 1, page_size: 1 },
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'The API key was rejected: it is wrong, or it was issued by another provider than the one chosen here',
				},
			},
			...[301, 302, 303, 307, 308].map((value) => ({
				type: 'responseCode' as const,
				properties: {
					value,
					message: `The Base URL answers with a redirect (HTTP ${value}), which is not followed: the API key would go with it. Set the Base URL to the address it points to.`,
				},
			})),
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'Nothing answers at this Base URL: check the Provider (or the custom Base URL, which should end in /api/v3 or /volc/v1)',
				},
			},
		],
	};
}
