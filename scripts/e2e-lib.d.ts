/** Types for e2e-lib.js (plain CommonJS, used by test/e2e and scripts/start.js). */
// A dev script's types, never shipped: the community-node rules for shipped code don't apply, and
// n8n's run data is loosely typed on purpose.
/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
import type { ChildProcess } from 'child_process';

export const ROOT: string;
export const EXAMPLES_DIR: string;
export const PACKAGE_NAME: 'n8n-nodes-seedance';
export const NODE_TYPE: 'n8n-nodes-seedance.seedance';
export const CREDENTIAL_TYPE: 'seedanceApi';
export const CREDENTIAL_PLACEHOLDER: 'SEEDANCE_CREDENTIAL_ID';

export interface N8nInstall {
	major: number;
	version: string;
	dir: string;
	/** The node binary n8n runs on. */
	node: string;
	/** node_modules/n8n/bin/n8n */
	bin: string;
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	timeoutMs?: number;
	input?: string;
	onStdout?: (chunk: string) => void;
	onStderr?: (chunk: string) => void;
}

export interface ExecuteResult extends RunResult {
	/** What `n8n execute --rawOutput` printed: the run (IRun). */
	run: any;
	status: string;
	error?: { message: string; description?: string; [key: string]: unknown };
	outputOf(nodeName: string): Array<{ json: any; binary?: Record<string, BinaryRef>; pairedItem?: unknown }>;
	errorOf(nodeName: string): { message: string; description?: string; [key: string]: unknown } | undefined;
}

export interface BinaryRef {
	mimeType: string;
	fileName?: string;
	fileExtension?: string;
	fileSize?: string;
	/** Inline base64, or the storage mode's marker. */
	data: string;
	/** e.g. filesystem-v2:workflows/…/binary_data/… */
	id?: string;
	bytes?: number;
}

export interface CredentialRecord {
	id: string;
	name: string;
	type: 'seedanceApi';
	data: { apiKey: string; provider: string; baseUrl: string };
}

export interface Workflow {
	id?: string;
	name: string;
	nodes: Array<{
		id: string;
		name: string;
		type: string;
		typeVersion: number;
		position: [number, number];
		parameters: Record<string, any>;
		credentials?: Record<string, { id: string; name: string }>;
	}>;
	connections: Record<string, any>;
	settings?: Record<string, any>;
	[key: string]: any;
}

export interface N8nServer {
	url: string;
	child: ChildProcess;
	/** The last 8 kB of its output. */
	output(): string;
	stop(graceMs?: number): Promise<void>;
}

export function cacheDir(): string;
export function sleep(ms: number): Promise<void>;
export function freePort(): Promise<number>;
export function portInUse(port: number): Promise<boolean>;
export function killGroup(child: ChildProcess, graceMs?: number): Promise<void>;
export function run(command: string, args: string[], options?: RunOptions): Promise<RunResult>;
export function runOk(command: string, args: string[], options?: RunOptions): Promise<RunResult>;

export function n8nInstall(dir: string): N8nInstall;
export function installN8n(major: 1 | 2, options?: { log?: (text: string) => void; timeoutMs?: number }): Promise<N8nInstall>;
export function n8nEnv(install: N8nInstall, userFolder: string, extra?: Record<string, string | number | undefined>): NodeJS.ProcessEnv;
export function n8nCli(install: N8nInstall, env: NodeJS.ProcessEnv, args: string[], options?: { timeoutMs?: number }): Promise<RunResult>;
export function n8nCliOk(install: N8nInstall, env: NodeJS.ProcessEnv, args: string[], options?: { timeoutMs?: number }): Promise<RunResult>;
export function parseExecuteOutput(stdout: string): any;
export function executeWorkflow(install: N8nInstall, env: NodeJS.ProcessEnv, workflowId: string, options?: { timeoutMs?: number }): Promise<ExecuteResult>;
export function readBinary(binary: BinaryRef, userFolder: string): Buffer;

export function buildIsStale(): boolean;
export function buildPackage(options?: { log?: (text: string) => void }): Promise<void>;
export function ensureBuilt(options?: { log?: (text: string) => void }): Promise<boolean>;
export function packPackage(): Promise<string>;
export function installPackage(userFolder: string, tgz: string): Promise<string>;

export function credentialRecord(options: { id: string; name?: string; apiKey: string; provider?: string; baseUrl?: string; prices?: string }): CredentialRecord;
export function importCredentials(install: N8nInstall, env: NodeJS.ProcessEnv, credentials: CredentialRecord[], dir: string): Promise<RunResult>;
export function loadExamples(): Record<string, Workflow>;
export function withCredential<T extends Workflow>(workflow: T, credential: { id: string; name: string }): T;
export function importWorkflows(install: N8nInstall, env: NodeJS.ProcessEnv, workflows: Workflow[], dir: string): Promise<RunResult>;

export function probe(url: string): Promise<number>;
export function startN8n(
	install: N8nInstall,
	env: NodeJS.ProcessEnv,
	options: {
		port: number;
		host?: string;
		listenAddress?: string;
		logFile?: string;
		onOutput?: (text: string) => void;
		readyTimeoutMs?: number;
	},
): Promise<N8nServer>;

export class N8nRest {
	constructor(baseUrl: string);
	readonly baseUrl: string;
	readonly cookies: Map<string, string>;
	readonly browserId: string;
	request(method: string, path: string, body?: unknown): Promise<any>;
	get(path: string): Promise<any>;
	post(path: string, body?: unknown): Promise<any>;
	patch(path: string, body?: unknown): Promise<any>;
	needsOwnerSetup(): Promise<boolean>;
	setupOwner(owner: { email: string; password: string; firstName?: string; lastName?: string }): Promise<any>;
	login(email: string, password: string): Promise<any>;
	runWorkflow(workflowId: string, options?: { timeoutMs?: number }): Promise<any>;
}

export function parseFlatted(text: string): any;
