// The export surface of hardware/reader: the CardReader the terminal agent consumes, the HID seam, reader
// profiles and decoders, replay of recordings, and the simulation helpers used by tests and `--simulate`.

export type { CardReader, ReaderEvent } from './card-reader';
export { HidCardReader, type HidCardReaderOptions } from './hid-card-reader';

export { type Credential, CredentialMasker, credentialKey } from './credential/credential';
export {
  ID_FORMATS,
  type IdFormat,
  formatCardId,
  parseCardId,
  parseQrToken,
  parseWedgeFrame,
} from './credential/credential.parser';

export type { DecodeOutput, RejectReason, ReportDecoder } from './decoders/report-decoder';
export { DuplicateFilter } from './decoders/duplicate.filter';
export { KeyboardWedgeDecoder } from './decoders/keyboard-wedge.decoder';
export { HoneywellPosDecoder, honeywellReportsFor } from './decoders/honeywell-pos.decoder';
export { PcProxVendorDecoder, pcProxRecordFor } from './decoders/pcprox-vendor.decoder';
export type { KeyboardLayout } from './decoders/keyboard-usages';

export {
  type HidHandle,
  type HidInfo,
  type HidMatch,
  type HidTransport,
  formatUsbId,
  matchesDevice,
} from './hid/hid-transport';
export { HidError, HidErrorCode } from './hid/hid-errors';
export { NodeHidTransport } from './hid/node-hid.transport';
export { FakeHidHandle, FakeHidTransport } from './hid/fake-hid.transport';

export {
  READER_PROFILES,
  type ReaderProfile,
  ProfileError,
  ProfileErrorCode,
  ReaderPipeline,
  createDecoder,
  findProfile,
  parseIdFormat,
} from './profiles/reader-profile';

export {
  type RecordingLine,
  RecordingError,
  RecordingErrorCode,
  formatLostLine,
  formatReportLine,
  parseRecording,
  replayRecording,
} from './replay/recording';

export { BoundedQueue } from './supervisor/bounded-queue';
export { type ReaderState, ReaderSupervisor, type SupervisorListener } from './supervisor/reader-supervisor';
export {
  ManualScheduler,
  type Scheduler,
  SystemScheduler,
  type TimerHandle,
  settle,
} from './supervisor/scheduler';

export { type TimedReport, keyboardReportsFor, rollOverReport } from './simulation/keyboard-reports';
export { SimulatedReader } from './simulation/simulated-reader';

export * from './limits';
