import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_STREAM_CHANNEL, type PreloadBridge } from '../../shared/contract/wire';

// The renderer gets two functions and nothing else of Electron: every call goes through the contract.
const bridge: PreloadBridge = {
  call: (name, input) => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, input),
  onStream(listener) {
    const forward = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on(IPC_STREAM_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_STREAM_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('atelier', bridge);
