import mongoose, { Connection } from 'mongoose';
import { openDocumentStore, type OpenedDocumentStore } from '@fund-desk/platform';
import { stack, uniqueId } from '@fund-desk/testing';
import { EvidenceRepository } from '../src/income-checks/infrastructure/evidence.repository';
import { EvidenceSchema } from '../src/income-checks/infrastructure/income-checks.schemas';
import { EvidencePurgeJob } from '../src/income-checks/jobs/evidence-purge.job';
import type { IncomeChecksConfig } from '../src/config/income-checks.config';

/** Evidence content is deleted when its retention period ends, against the real database. */
describe('evidence retention', () => {
  let connection: Connection;
  let kit: OpenedDocumentStore;
  let repository: EvidenceRepository;
  let job: EvidencePurgeJob;

  beforeAll(async () => {
    connection = await mongoose.createConnection(stack.mongoUrl, { dbName: uniqueId('retention') }).asPromise();
    kit = await openDocumentStore(connection.db!, stack.redisUrl);
    repository = new EvidenceRepository(connection.model<unknown>('Evidence', EvidenceSchema), kit.store);
    job = new EvidencePurgeJob({ EVIDENCE_RETENTION_DAYS: 90 } as IncomeChecksConfig, repository);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await kit.close();
    await connection.close();
  });

  const evidence = (id: string, uploadedAt: Date) => ({
    id,
    checkId: 'check-1',
    type: 'image/png',
    size: 4,
    sealed: Buffer.from([1, 2, 3, 4]),
    uploadedBy: 'parent-1',
    uploadedAt,
    status: 'approved' as const,
  });

  it('deletes the content of documents older than the retention period and keeps the record of them', async () => {
    const now = new Date('2026-06-01T03:15:00Z');
    await repository.insert(evidence('old', new Date('2026-02-01T10:00:00Z'))); // 120 days
    await repository.insert(evidence('edge', new Date('2026-03-04T04:00:00Z'))); // 89 days
    await repository.insert(evidence('new', new Date('2026-05-30T10:00:00Z')));

    expect(await job.purge(now)).toBe(1);

    const old = await repository.find('old');
    expect(old?.sealed).toBeUndefined();
    expect(old?.purgedAt).toBeInstanceOf(Date);
    expect(old).toMatchObject({ checkId: 'check-1', type: 'image/png', status: 'approved' });
    expect((await repository.find('edge'))?.sealed?.equals(Buffer.from([1, 2, 3, 4]))).toBe(true);
    expect((await repository.find('new'))?.sealed).toBeDefined();

    // Running again purges nothing more.
    expect(await job.purge(now)).toBe(0);
  });
});
