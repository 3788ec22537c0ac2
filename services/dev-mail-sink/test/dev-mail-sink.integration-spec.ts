import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { AddressInfo, connect, createServer, Socket } from 'node:net';
import nodemailer from 'nodemailer';
import { API_PREFIX, createValidationPipe } from '@fund-desk/platform';
import { ApiClient, stack, uniqueId, waitUntil } from '@fund-desk/testing';
import { AppModule } from '../src/app.module';
import { loadMailSinkConfig } from '../src/config/mail-sink.config';

interface RunningSink {
  api: ApiClient;
  smtpPort: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The sink in this process, as runService starts it, with its own ports and database. */
async function startSink(env: Record<string, string> = {}): Promise<RunningSink> {
  const [port, smtpPort] = [await freePort(), await freePort()];
  const config = loadMailSinkConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    SMTP_PORT: String(smtpPort),
    MONGO_URL: stack.mongoUrl,
    MONGO_DB: uniqueId('devsink'),
    MONGO_MAX_POOL_SIZE: '1',
    REDIS_URL: stack.redisUrl,
    ...env,
  });
  const app: INestApplication = await NestFactory.create(AppModule.forRoot(config), { logger: false });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'ready'] });
  app.useGlobalPipes(createValidationPipe());
  await app.listen(port, '127.0.0.1');
  return {
    api: new ApiClient(`http://127.0.0.1:${port}/${API_PREFIX}/dev`),
    smtpPort,
    stop: async () => {
      await app.get<Connection>(getConnectionToken()).dropDatabase();
      await app.close();
    },
  };
}

function sendMail(port: number, to: string, subject: string) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  return transport.sendMail({ from: 'noreply@fund-desk.test', to, subject, text: 'Hallo' }).finally(() => transport.close());
}

/** Resolves each complete SMTP reply (the last line of a multi-line one) in turn. */
function replies(socket: Socket): () => Promise<string> {
  let buffer = '';
  const complete: string[] = [];
  let waiting: ((reply: string) => void) | null = null;
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (/^\d{3} /.test(line)) complete.push(line);
    }
    if (waiting && complete.length) {
      const resolve = waiting;
      waiting = null;
      resolve(complete.shift()!);
    }
  });
  return () =>
    complete.length ? Promise.resolve(complete.shift()!) : new Promise<string>((resolve) => (waiting = resolve));
}

/** Speaks SMTP on a raw socket through to the end of the message, then leaves before the reply, as a client that dies. */
async function sendAndLeave(port: number, to: string, subject: string): Promise<void> {
  const socket = connect(port, '127.0.0.1');
  const next = replies(socket);
  expect(await next()).toMatch(/^220 /);
  for (const [command, code] of [
    ['EHLO client.test', '250'],
    ['MAIL FROM:<noreply@fund-desk.test>', '250'],
    [`RCPT TO:<${to}>`, '250'],
    ['DATA', '354'],
  ]) {
    socket.write(`${command}\r\n`);
    expect(await next()).toMatch(new RegExp(`^${code} `));
  }
  const message = `From: noreply@fund-desk.test\r\nTo: ${to}\r\nSubject: ${subject}\r\n\r\nHallo\r\n.\r\n`;
  // Flushed whole and then closed: the sink has all of the message, and no 250 can reach the client.
  await new Promise<void>((resolve) => socket.end(message, () => resolve()));
  socket.destroy();
}

describe('development mail sink', () => {
  describe('with an SMS token configured', () => {
    const SMS_TOKEN = 'sms-token-for-tests';
    let sink: RunningSink;

    beforeAll(async () => {
      sink = await startSink({ SMS_TOKEN });
    });

    afterAll(async () => {
      await sink?.stop();
    });

    const auth = { Authorization: `Bearer ${SMS_TOKEN}` };
    const list = (to: string) => sink.api.get<{ items: { id: string; to: string; text: string; reference: string; receivedAt: string }[] }>(`/sms?to=${encodeURIComponent(to)}`);

    it('accepts a text message once per reference and lists them newest first', async () => {
      const to = '+31612345678';
      const first = await sink.api.post('/sms/messages', { to, text: 'Uw aanvraag is ontvangen.', reference: 'ref-1' }, auth);
      expect(first.status).toBe(202);
      expect(first.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'accepted' });

      const again = await sink.api.post('/sms/messages', { to, text: 'Uw aanvraag is ontvangen.', reference: 'ref-1' }, auth);
      expect(again.status).toBe(202);
      expect(again.body).toEqual(first.body);

      const second = await sink.api.post('/sms/messages', { to, text: 'Er is een besluit.', reference: 'ref-2' }, auth);
      expect(second.status).toBe(202);

      const listed = await list(to);
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([
        { id: (second.body as { id: string }).id, to, text: 'Er is een besluit.', reference: 'ref-2', receivedAt: expect.any(String) },
        { id: (first.body as { id: string }).id, to, text: 'Uw aanvraag is ontvangen.', reference: 'ref-1', receivedAt: expect.any(String) },
      ]);
      expect((await list('+31687654321')).body.items).toEqual([]);
    });

    it('answers 401 without the SMS token or with a wrong one, and stores nothing', async () => {
      const to = '+31611111111';
      const none = await sink.api.post('/sms/messages', { to, text: 'x', reference: 'no-token' });
      const wrong = await sink.api.post('/sms/messages', { to, text: 'x', reference: 'wrong-token' }, { Authorization: 'Bearer not-it' });
      expect([none.status, wrong.status]).toEqual([401, 401]);
      expect(none.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect((await list(to)).body.items).toEqual([]);
    });

    it('answers 400 with problem details to an invalid message or listing', async () => {
      const invalid = await sink.api.post<{ errors: { pointer: string }[] }>('/sms/messages', { to: '0612345678', text: '', reference: 'r'.repeat(201) }, auth);
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors.map((e) => e.pointer).sort()).toEqual(['/reference', '/text', '/to']);
      expect((await sink.api.get('/sms')).status).toBe(400);
      expect((await sink.api.get('/sms?to=0612345678')).status).toBe(400);
    });

    it('answers 503 with problem details while down, and accepts again when up', async () => {
      const to = '+31622222222';
      expect((await sink.api.put('/sms/behaviour', { mode: 'down' })).body).toEqual({ mode: 'down' });
      try {
        const refused = await sink.api.post<{ status: number; code: string }>('/sms/messages', { to, text: 'x', reference: 'while-down' }, auth);
        expect(refused.status).toBe(503);
        expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(refused.body).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
        expect((await list(to)).body.items).toEqual([]);
      } finally {
        await sink.api.put('/sms/behaviour', { mode: 'up' });
      }
      expect((await sink.api.post('/sms/messages', { to, text: 'x', reference: 'while-down' }, auth)).status).toBe(202);
      expect((await list(to)).body.items).toHaveLength(1);
    });

    describe('acknowledging mail after a delay', () => {
      const ACK_DELAY_MS = 1500;

      beforeAll(async () => {
        expect((await sink.api.put('/mailbox/behaviour', { ackDelayMs: ACK_DELAY_MS })).body).toEqual({ ackDelayMs: ACK_DELAY_MS });
      });

      afterAll(async () => {
        await sink.api.put('/mailbox/behaviour', { ackDelayMs: 0 });
      });

      it('stores a message whose client waits for the 250', async () => {
        const to = `${uniqueId('waits')}@example.nl`;
        const started = Date.now();
        const info = await sendMail(sink.smtpPort, to, 'Wacht op de bevestiging');
        expect(info.response).toMatch(/^250 /);
        expect(Date.now() - started).toBeGreaterThanOrEqual(ACK_DELAY_MS - 50);
        const mailbox = await sink.api.get<{ items: { subject: string }[] }>(`/mailbox?to=${encodeURIComponent(to)}`);
        expect(mailbox.body.items.map((m) => m.subject)).toEqual(['Wacht op de bevestiging']);
      });

      it('drops a message whose client disconnected before the 250, and logs it without addresses', async () => {
        const warn = jest.spyOn(Logger.prototype, 'warn');
        try {
          const to = `${uniqueId('leaves')}@example.nl`;
          await sendAndLeave(sink.smtpPort, to, 'Niemand wacht');
          const dropped = await waitUntil(
            () => warn.mock.calls.find(([entry]) => (entry as { msg?: string }).msg?.startsWith('Dropped a message')),
            { timeoutMs: ACK_DELAY_MS + 5000, what: 'the sink to drop the message' },
          );
          expect(JSON.stringify(dropped)).not.toContain('@');
          const mailbox = await sink.api.get<{ items: unknown[] }>(`/mailbox?to=${encodeURIComponent(to)}`);
          expect(mailbox.body.items).toEqual([]);
        } finally {
          warn.mockRestore();
        }
      });

      it('refuses an acknowledgement delay outside 0..60000 ms', async () => {
        expect((await sink.api.put('/mailbox/behaviour', { ackDelayMs: 60_001 })).status).toBe(400);
        expect((await sink.api.put('/mailbox/behaviour', { ackDelayMs: -1 })).status).toBe(400);
        expect((await sink.api.put('/mailbox/behaviour', {})).status).toBe(400);
      });
    });

    it('still refuses every message on request, and accepts again', async () => {
      const to = `${uniqueId('refused')}@example.nl`;
      expect((await sink.api.put('/mailbox/refusal', { reason: 'Try again later' })).status).toBe(204);
      try {
        await expect(sendMail(sink.smtpPort, to, 'Geweigerd')).rejects.toMatchObject({ responseCode: 451 });
      } finally {
        await sink.api.put('/mailbox/refusal', { reason: null });
      }
      await sendMail(sink.smtpPort, to, 'Aangenomen');
      const mailbox = await sink.api.get<{ items: { subject: string }[] }>(`/mailbox?to=${encodeURIComponent(to)}`);
      expect(mailbox.body.items.map((m) => m.subject)).toEqual(['Aangenomen']);
    });
  });

  describe('without an SMS token configured', () => {
    let sink: RunningSink;

    beforeAll(async () => {
      sink = await startSink();
    });

    afterAll(async () => {
      await sink?.stop();
    });

    it('accepts a text message without a token', async () => {
      const sent = await sink.api.post('/sms/messages', { to: '+32470123456', text: 'Hallo', reference: 'open-1' });
      expect(sent.status).toBe(202);
    });
  });
});
