/**
 * The org door's admin side: Metadata API deploys (through source-deploy-retrieve), reading one component's metadata,
 * and anonymous Apex (Tooling API). Used by `abm deploy` and `abm setup`; records go through the `Org` door instead.
 * Everything here takes an authenticated @salesforce/core Connection (the sf CLI's auth store; no credentials in files).
 */
import type { Connection } from '@salesforce/core';
import type { ComponentSet, MetadataApiDeployStatus } from '@salesforce/source-deploy-retrieve';
import type { DeployResultLike, TestPlan } from '../core/deploy.js';

export type DeployOptions = {
    checkOnly: boolean;
    waitMinutes: number;
    /** Poll interval (ms); default 2,000. */
    pollIntervalMs?: number;
    tests?: TestPlan;
};

/** Deploy one component set and wait for it; `onProgress(done, total)` follows the components deployed. */
export async function deployComponents(
    conn: Connection,
    set: ComponentSet,
    options: DeployOptions,
    onProgress?: (done: number) => void
): Promise<DeployResultLike> {
    const { tests } = options;
    const operation = await set.deploy({
        usernameOrConnection: conn,
        apiOptions: {
            checkOnly: options.checkOnly,
            rollbackOnError: true,
            ...(tests ? { testLevel: tests.testLevel } : {}),
            ...(tests?.runTests.length ? { runTests: tests.runTests } : {})
        }
    });
    operation.onUpdate((status: MetadataApiDeployStatus) => {
        onProgress?.(Number(status.numberComponentsDeployed ?? 0) + Number(status.numberComponentErrors ?? 0));
    });
    const result = await operation.pollStatus(options.pollIntervalMs ?? 2000, options.waitMinutes * 60);
    return result.response as unknown as DeployResultLike;
}

/** Read one component through the Metadata API (`readMetadata`); undefined when the org has no such component. */
export async function readComponent<T extends object>(
    conn: Connection,
    type: Parameters<Connection['metadata']['read']>[0],
    fullName: string
): Promise<T | undefined> {
    const read = (await conn.metadata.read(type, fullName)) as unknown as (T & { fullName?: string }) | (T & { fullName?: string })[];
    const record = Array.isArray(read) ? read[0] : read;
    return record?.fullName ? record : undefined;
}

/** What anonymous Apex reported: compiled, ran, and the problem when one of them failed. */
export type ApexRunResult = { compiled: boolean; success: boolean; problem?: string; line?: number };

/** Run anonymous Apex as the connection's user (Tooling API `executeAnonymous`). */
export async function executeAnonymous(conn: Connection, apex: string): Promise<ApexRunResult> {
    const r = await conn.tooling.executeAnonymous(apex);
    const problem = r.compileProblem ?? r.exceptionMessage ?? undefined;
    return {
        compiled: Boolean(r.compiled),
        success: Boolean(r.success),
        ...(problem ? { problem: String(problem) } : {}),
        ...(r.line !== undefined && r.line !== null && Number(r.line) > 0 ? { line: Number(r.line) } : {})
    };
}
