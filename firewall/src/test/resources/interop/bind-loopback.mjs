// Preloaded into the reference servers, which listen on every interface by default:
// pins a numeric-port listen() to the loopback so tests never open a port beyond 127.0.0.1.
import http from 'node:http';
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || /^[0-9]+$/.test(String(args[0]))) {
    const callback = args.find((a) => typeof a === 'function');
    return listen.call(this, Number(args[0]), '127.0.0.1', ...(callback ? [callback] : []));
  }
  return listen.apply(this, args);
};
