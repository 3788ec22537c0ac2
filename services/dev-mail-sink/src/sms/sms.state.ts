import { Injectable } from '@nestjs/common';

export const SMS_MODES = ['up', 'down'] as const;
export type SmsMode = (typeof SMS_MODES)[number];

/** How the SMS gateway double behaves, in memory: tests switch it to 'down' to see the senders retry. */
@Injectable()
export class SmsState {
  private mode: SmsMode = 'up';

  currentMode(): SmsMode {
    return this.mode;
  }

  setMode(mode: SmsMode): SmsMode {
    this.mode = mode;
    return this.mode;
  }
}
