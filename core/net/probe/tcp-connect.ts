import { connect, type Socket } from 'node:net';
import type { Deadline } from './deadline';

/** Opens a TCP connection; the socket belongs to the deadline, which destroys it when the probe ends. */
export function connectTcp(address: string, port: number, deadline: Deadline): Promise<Socket> {
  return deadline.step<Socket>((resolve, reject) => {
    const socket = deadline.track(connect({ host: address, port }));
    socket.setNoDelay(true);
    const onError = (error: Error) => reject(error);
    const onConnect = () => resolve(socket);
    socket.once('error', onError);
    socket.once('connect', onConnect);
    return () => {
      socket.off('error', onError);
      socket.off('connect', onConnect);
    };
  });
}
