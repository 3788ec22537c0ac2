import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { blindIndex, KeyRing } from '@fund-desk/platform';
import { INCOME_CHECKS_CONFIG, IncomeChecksConfig } from '../../config/income-checks.config';

/**
 * Sealing of the BSN and evidence at rest (AES-256-GCM, rotatable keys), and the blind index that finds
 * a household again by its BSN or account without storing either.
 */
@Injectable()
export class DataProtection {
  private readonly keys: KeyRing;
  private readonly indexSecret: string;

  constructor(@Inject(INCOME_CHECKS_CONFIG) config: IncomeChecksConfig) {
    if (config.NODE_ENV === 'production' && (!config.DATA_KEYS || !config.HOUSEHOLD_INDEX_SECRET)) {
      throw new Error('DATA_KEYS and HOUSEHOLD_INDEX_SECRET are required in production');
    }
    if (!config.DATA_KEYS || !config.HOUSEHOLD_INDEX_SECRET) {
      new Logger(DataProtection.name).warn('No DATA_KEYS or HOUSEHOLD_INDEX_SECRET given: using keys made up for this process');
    }
    this.keys = KeyRing.parse(config.DATA_KEYS ?? KeyRing.generateSpec('dev'));
    this.indexSecret = config.HOUSEHOLD_INDEX_SECRET ?? randomBytes(32).toString('hex');
  }

  sealBsn(checkId: string, bsn: string): string {
    return this.keys.encryptString(bsn, `bsn:${checkId}`);
  }

  openBsn(checkId: string, sealed: string): string {
    return this.keys.decryptString(sealed, `bsn:${checkId}`);
  }

  sealDocument(evidenceId: string, bytes: Buffer): Buffer {
    return this.keys.encrypt(bytes, `evidence:${evidenceId}`);
  }

  openDocument(evidenceId: string, sealed: Buffer): Buffer {
    return this.keys.decrypt(sealed, `evidence:${evidenceId}`);
  }

  householdKey(kind: 'bsn' | 'ref', value: string): string {
    return blindIndex(this.indexSecret, `${kind}:${value}`);
  }
}
