import type { GreenboardBridge } from '../../shared/bridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the UI is served to a browser by `greenboard serve`. */
    greenboard?: GreenboardBridge;
  }
}

export {};
