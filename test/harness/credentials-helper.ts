/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * An ICredentialsHelper that behaves like n8n's CLI one (packages/cli/src/credentials-helper.ts)
 * for what a node run touches, minus the database:
 * - getDecrypted: the credential data the run was given, with the credential type's defaults
 *   applied and its expressions resolved, as the CLI's applyDefaultsAndOverwrites does;
 * - authenticate: the credential type's `authenticate` applied to the request. n8n-core does not
 *   do this itself: httpRequestWithAuthentication hands the request here, and n8n's own test stub
 *   ignores `type: 'generic'` (the header then silently goes missing). Generic properties are
 *   resolved with the workflow's real expression engine and `$credentials`, like the CLI does.
 */
import {
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	UserError,
	deepCopy,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type ICredentialsExpressionResolveValues,
	type IExecuteData,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type Workflow,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { core } from './core';

export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	private readonly data = new Map<string, ICredentialDataDecryptedObject>();

	constructor(
		credentialTypes: ICredentialType[] = [],
		credentials: Record<string, ICredentialDataDecryptedObject> = {},
	) {
		super();
		for (const type of credentialTypes) this.types.set(type.name, type);
		for (const [type, data] of Object.entries(credentials)) this.data.set(type, deepCopy(data));
	}

	/** The `credentials` a node gets: one entry per credential type the run was given data for. */
	nodeCredentials(): Record<string, INodeCredentialsDetails> {
		return Object.fromEntries(
			[...this.data.keys()].map((type) => [type, { id: `harness-${type}`, name: `${type} (harness)` }]),
		);
	}

	private getType(typeName: string): ICredentialType {
		const type = this.types.get(typeName);
		if (!type) {
			// What the CLI throws too (UnrecognizedCredentialTypeError): better than sending a request
			// without its authentication.
			throw new (core().UnrecognizedCredentialTypeError)(typeName);
		}
		return type;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.getType(typeName);
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (!workflow || !node) {
			throw new UnexpectedError('Workflow and node are required for declarative credential authentication');
		}
		requestOptions.headers ??= {};
		if (authenticate.type !== 'generic') return requestOptions;

		const resolve = (value: string): string => {
			if (!isExpression(value)) return value;
			const resolved = workflow.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
			return resolved ? resolved.toString() : '';
		};

		// properties: { headers?: {...}, qs?: {...}, body?: {...}, auth?: { username, password } }
		const target = requestOptions as unknown as Record<string, Record<string, unknown> | undefined>;
		for (const [where, entries] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				const section = (target[where] ??= {});
				section[resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}

	/** No token refresh: none of the harness's credential types has an expirable property. */
	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	/** No `extends` chains (so no OAuth routing): every harness credential type stands alone. */
	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.types.get(credentialType);
		if (!type?.restrictToSupportedNodes) return true;
		const shortName = nodeType.split('.').pop() ?? nodeType;
		return (type.supportedNodes ?? []).some((name) => name === nodeType || name === shortName);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types.get(type)?.properties ?? [];
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const { Credentials } = core();
		const credentials = new Credentials(nodeCredentials, type);
		await credentials.setData(this.data.get(type) ?? {});
		return credentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.data.get(type);
		if (stored === undefined) {
			throw new UserError(
				`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}" (give the harness run credentials.${type}).`,
			);
		}
		if (raw) return deepCopy(stored);
		return this.applyDefaultsAndResolve(additionalData, stored, type, mode, executeData, expressionResolveValues);
	}

	/**
	 * The CLI's applyDefaultsAndOverwrites without overwrites: the type's defaults fill what the
	 * data leaves out (and hidden options drop out, as in n8n), then `=` expressions are resolved.
	 */
	applyDefaultsAndResolve(
		additionalData: IWorkflowExecuteAdditionalData,
		stored: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): ICredentialDataDecryptedObject {
		const original = deepCopy(stored);
		const credentialType = this.types.get(type);
		if (!credentialType) return original;

		let decrypted = NodeHelpers.getNodeParameters(
			credentialType.properties,
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (original.oauthTokenData !== undefined) decrypted.oauthTokenData = original.oauthTokenData;

		if (expressionResolveValues) {
			const additionalKeys = core().getAdditionalKeys(additionalData, mode, null, { isCredential: true });
			try {
				decrypted = expressionResolveValues.workflow.expression.getParameterValue(
					decrypted as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decrypted,
				) as ICredentialDataDecryptedObject;
			} catch (error) {
				if (error instanceof Error) error.message += ' [Error resolving credentials]';
				 
				throw error;
			}
		}
		return decrypted;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.data.set(type, deepCopy(data));
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.data.set(type, { ...(this.data.get(type) ?? {}), oauthTokenData: data.oauthTokenData });
	}
}
