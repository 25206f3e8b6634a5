import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, METHOD_NAMES, SAVE_EXPORT_CHANNEL, type EventName } from '../../shared/channels';
import type { GreenboardBridge } from '../../shared/bridge';

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, message: { event: EventName; payload: unknown }) => {
  listeners.get(message.event)?.forEach((l) => l(message.payload));
});

const methods = Object.fromEntries(
  METHOD_NAMES.map((m) => [m, (input: unknown) => ipcRenderer.invoke(m, input)]),
) as unknown as GreenboardBridge['methods'];

const bridge: GreenboardBridge = {
  methods,
  on(event, listener) {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const l = listener as Listener;
    set.add(l);
    return () => set.delete(l);
  },
  saveExportAs: (path) =>
    ipcRenderer.invoke(SAVE_EXPORT_CHANNEL, path) as ReturnType<
      NonNullable<GreenboardBridge['saveExportAs']>
    >,
};

contextBridge.exposeInMainWorld('greenboard', bridge);
