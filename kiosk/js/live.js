/**
 * The live status feed of this counter (/ws). Reconnects forever with a growing pause, so a
 * screen left on all day survives gateway restarts. Keeps the offset between the gateway's
 * clock and the browser's, so countdowns follow the gateway even if the screen's clock drifts.
 */
let offsetMs = 0;

/** The gateway's current time in ms, estimated from the last status message. */
export function serverNow() {
  return Date.now() + offsetMs;
}

/**
 * @param {{ onStatus: (status: object) => void, onConnection?: (connected: boolean) => void }} handlers
 * @returns {() => void} stops the feed
 */
export function connectStatus(handlers) {
  let socket = null;
  let stopped = false;
  let delay = 500;
  let timer = null;

  const open = () => {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(`${scheme}//${location.host}/ws`);
    socket.addEventListener('open', () => {
      delay = 500;
    });
    socket.addEventListener('message', (event) => {
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch {
        return;
      }
      if (msg?.type !== 'status' || !msg.status) return;
      const now = Date.parse(msg.now);
      if (!Number.isNaN(now)) offsetMs = now - Date.now();
      handlers.onConnection?.(true);
      handlers.onStatus(msg.status);
    });
    socket.addEventListener('close', () => {
      handlers.onConnection?.(false);
      if (stopped) return;
      timer = setTimeout(open, delay);
      delay = Math.min(delay * 2, 5000);
    });
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    socket?.close();
  };
}
