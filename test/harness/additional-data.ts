/** The plain additionalData object a run needs (the CLI builds it in workflow-execute-additional-data.ts). */
import type {
	ICredentialsHelper,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { core } from './core';

/**
 * Where an n8n instance would live. Nothing listens there: 2.x only builds URLs from these
 * (resume/form/webhook URLs for $execution and friends) and throws `Invalid URL` on relative ones.
 */
export const INSTANCE_BASE_URL = 'http://127.0.0.1:5678';

/**
 * n8n's stored executions, as `this.getExecutionDataById(id)` reads them: every harness run's data
 * under its execution id (runNode stores it); tests may empty one, as n8n 2.x does with the data of
 * an execution whose queue-mode worker died, or delete one.
 */
export const storedExecutions = new Map<string, IRunExecutionData>();

const notAvailable = (what: string) => async (): Promise<never> => {
	throw new Error(`${what} is not available in the node test harness`);
};

export function buildAdditionalData(options: {
	credentialsHelper: ICredentialsHelper;
	executionId: string;
	workflowData?: IWorkflowBase;
	mode?: WorkflowExecuteMode;
	retryOf?: string;
}): IWorkflowExecuteAdditionalData {
	const { ExecutionLifecycleHooks, ExternalSecretsProxy } = core();
	const base = INSTANCE_BASE_URL;
	const additionalData: IWorkflowExecuteAdditionalData = {
		credentialsHelper: options.credentialsHelper,
		executionId: options.executionId,
		workflowId: options.workflowData?.id,
		userId: 'harness-user',
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		// No external secrets manager: `$secrets` in a credential then fails as in an n8n without one.
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: notAvailable('Executing a sub-workflow'),
		getRunExecutionData: async (executionId: string) => storedExecutions.get(executionId),
		getRuntimeCredential: async () => undefined,
		startRunnerTask: notAvailable('The task runner (Code node)'),
		logAiEvent: () => {},
	};
	if (options.workflowData) {
		additionalData.hooks = new ExecutionLifecycleHooks(
			options.mode ?? 'manual',
			options.executionId,
			options.workflowData,
			options.retryOf,
		);
	}
	return additionalData;
}
