// Goal: the simulated reader drives the real CardReader (supervisor, decoder, duplicate filter) for every
// profile kind, so `--simulate` and end-to-end tests exercise the same code as a real till.
import type { ReaderEvent } from '../card-reader';
import type { Credential } from '../credential/credential';
import { formatCardId } from '../credential/credential.parser';
import { findProfile } from '../profiles/reader-profile';
import { parseRecording } from '../replay/recording';
import { ManualScheduler } from '../supervisor/scheduler';
import { SimulatedReader } from './simulated-reader';

const credentials = (events: ReaderEvent[]): Credential[] =>
  events.flatMap((event) => (event.kind === 'credential' ? [event.credential] : []));

describe('SimulatedReader', () => {
  it.each(['wedge-us', 'wedge-fr', 'wedge-keypad', 'wedge-us-dec10-rev', 'wedge-us-8h10d'])(
    'a tap on %s yields the card UID',
    async (profileId) => {
      const scheduler = new ManualScheduler();
      const simulated = new SimulatedReader(findProfile(profileId));
      const reader = simulated.cardReader('sim', scheduler);
      await reader.start();
      simulated.tap('90D752C5');
      expect(credentials(reader.drain())).toEqual([{ type: 'card-uid', uid: '90D752C5' }]);
      await reader.stop();
    },
  );

  it('a QR scan on the Honeywell profile yields the token; a pcProx tap is polled', async () => {
    const scheduler = new ManualScheduler();
    const scanner = new SimulatedReader(findProfile('hidpos-honeywell'));
    const reader = scanner.cardReader('sim', scheduler);
    await reader.start();
    const token = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPI';
    scanner.scan(token);
    expect(credentials(reader.drain())).toEqual([{ type: 'qr', token }]);
    expect(() => scanner.tap('90D752C5')).toThrow('reads no cards');

    const pcprox = new SimulatedReader(findProfile('vendor-pcprox'));
    const polled = pcprox.cardReader('sim', scheduler);
    await polled.start();
    pcprox.tap('04A1B2C3D4E5F6');
    await scheduler.advance(500);
    pcprox.removeCard();
    expect(credentials(polled.drain())).toEqual([{ type: 'card-uid', uid: '04A1B2C3D4E5F6' }]);
    await polled.stop();
  });

  it('replays a recording, lost lines included, and reopens after the replug', async () => {
    const scheduler = new ManualScheduler();
    const simulated = new SimulatedReader(findProfile('wedge-us'));
    const reader = simulated.cardReader('sim', scheduler);
    await reader.start();
    simulated.replay(parseRecording('{"t":0,"hex":"0000260000000000"}\n{"t":1,"event":"lost"}'));
    await scheduler.advance(1000);
    expect(reader.state()).toBe('open');
    simulated.tap('90D752C5');
    const events = reader.drain();
    expect(events.map((e) => (e.kind === 'status' ? e.state : e.kind))).toEqual([
      'searching',
      'open',
      'rejected',
      'lost',
      'open',
      'credential',
    ]);
  });

  it('formatCardId is the inverse of each reader format', () => {
    expect(formatCardId('90D752C5', 'dec10')).toBe('2430030533');
    expect(formatCardId('90D752C5', 'dec10-rev')).toBe('3310540688');
    expect(formatCardId('008E6D5D', '8h10d')).toBe('0009334109');
    expect(() => formatCardId('04A1B2C3D4E5F6', 'dec10')).toThrow('4-byte UIDs only');
  });
});
