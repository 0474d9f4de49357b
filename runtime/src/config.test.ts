import { describe, expect, it } from 'vitest';
import { CaptureAdapter } from './channels/capture-adapter.ts';
import { SmtpAdapter } from './channels/smtp-adapter.ts';
import { WebhookAdapter } from './channels/webhook-adapter.ts';
import { loadConfig } from './config.ts';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const config = loadConfig({}, '/srv/tandem/runtime');
    expect(config).toMatchObject({
      port: 3000,
      databasePath: '/srv/tandem/runtime/data/tandem.db',
      staticDir: '/srv/tandem/designer/dist',
    });
    expect(config.clock.mode).toBe('system');
    expect(loadConfig({}, '/srv', 2).ingestThread).toBe(true);
    expect(loadConfig({}, '/srv', 1).ingestThread).toBe(false);
    expect(loadConfig({ INGEST_THREAD: 'on' }, '/srv', 1).ingestThread).toBe(true);
    expect(loadConfig({ INGEST_THREAD: 'off' }, '/srv', 8).ingestThread).toBe(false);
    expect(Object.values(config.channels).every((a) => a instanceof CaptureAdapter)).toBe(true);
  });

  it('maps channels to adapters', () => {
    const config = loadConfig({
      PORT: '8080',
      CLOCK: 'manual',
      CLOCK_START: '2026-05-01T00:00:00Z',
      CHANNELS: 'email=smtp, webinar=webhook',
      SMTP_URL: 'smtp://localhost:1025',
      WEBHOOK_URL: 'https://hooks.example/tandem',
      WEBHOOK_SECRET: 'x',
    });
    expect(config.port).toBe(8080);
    expect(config.clock.now()).toBe(Date.parse('2026-05-01T00:00:00Z'));
    expect(config.channels.email).toBeInstanceOf(SmtpAdapter);
    expect(config.channels.webinar).toBeInstanceOf(WebhookAdapter);
    expect(config.channels.task).toBeInstanceOf(CaptureAdapter);
  });

  it('names what is wrong', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow('PORT');
    expect(() => loadConfig({ INGEST_THREAD: 'yes' })).toThrow('INGEST_THREAD must be "auto", "on" or "off"');
    expect(() => loadConfig({ CHANNELS: 'email=carrier-pigeon' })).toThrow('Unknown channel adapter');
    expect(() => loadConfig({ CHANNELS: 'email=smtp' })).toThrow('SMTP_URL');
    expect(() => loadConfig({ CHANNELS: 'task=webhook' })).toThrow('WEBHOOK_URL');
  });
});
