/**
 * Camera scanning of badge QR codes, imperative on purpose (a MediaStream, a timer, a canvas):
 * the browser's BarcodeDetector where there is one (Chrome on Android, macOS, Safari 17+…),
 * else video frames decoded by jsQR (desktop Chrome/Firefox on Linux and Windows).
 */

interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type BarcodeDetectorCtor = new (opts: { formats: string[] }) => BarcodeDetectorLike;

/** A scanner on one <video>: start() asks for the camera and calls `onValue` with each new code; stop() lets it go. */
export class QrScanner {
  private stream: MediaStream | null = null;
  private timer = 0;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly onValue: (value: string) => void,
  ) {}

  get running(): boolean {
    return this.stream !== null;
  }

  async start(): Promise<void> {
    this.stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    const video = this.video;
    video.srcObject = this.stream;
    video.hidden = false;
    await video.play();
    const decode = await qrDecoder();
    let last = '';
    let lastAt = 0;
    let busy = false;
    this.timer = window.setInterval(async () => {
      if (busy || video.readyState < 2) return;
      busy = true;
      const value = await decode(video).catch(() => null);
      busy = false;
      // The same badge held up for a while is one check-in, not one every 300 ms.
      if (!value || (value === last && Date.now() - lastAt < 4000)) return;
      last = value;
      lastAt = Date.now();
      this.onValue(value);
    }, 300);
  }

  stop(): void {
    window.clearInterval(this.timer);
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.video.hidden = true;
  }
}

/** A QR reader for video frames: BarcodeDetector if the browser has it, else jsQR (loaded only now, its own chunk). */
async function qrDecoder(): Promise<(video: HTMLVideoElement) => Promise<string | null>> {
  const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  if (Detector) {
    const detector = new Detector({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  return async (video) => {
    // At most 640 px wide: enough for a badge held up to the camera, and cheap to scan.
    const scale = Math.min(1, 640 / (video.videoWidth || 640));
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    if (!canvas.width || !canvas.height) return null;
    g.drawImage(video, 0, 0, canvas.width, canvas.height);
    const frame = g.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' })?.data || null;
  };
}
