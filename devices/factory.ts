import type { GatewayConfig } from '../config/schema.ts';
import type { Logger } from '../lib/logger.ts';
import { GpiomonButtons } from './buttons/gpiomon.ts';
import { OnoffButtons } from './buttons/onoff.ts';
import { SimulatedButtons } from './buttons/simulated.ts';
import type { BinaryOutput, Device, RatingButtons, VoicePlayer } from './contracts.ts';
import { GpiosetOutput } from './outputs/gpioset.ts';
import { OnoffOutput } from './outputs/onoff.ts';
import { SimulatedOutput } from './outputs/simulated.ts';
import { AplayVoice } from './voice/aplay.ts';
import { SimulatedVoice } from './voice/simulated.ts';

type DevicesConfig = GatewayConfig['devices'];
type OutputConfig = NonNullable<DevicesConfig['lamp']>;

export interface GatewayDevices {
  buttons?: RatingButtons;
  voice?: VoicePlayer;
  lamp?: BinaryOutput;
  bell?: BinaryOutput;
  /** Set when the buttons are simulated, so the demo panel and /api/sim/press can press them. */
  simulatedButtons?: SimulatedButtons;
  /** Every device present, for start/stop and health reports. */
  all(): Device[];
}

/**
 * Builds the devices a gateway of the given role drives. A counter has the rating buttons and
 * the voice; an alarm station has the lamp and the bell. Anything not configured is simulated,
 * so a development machine runs without hardware. Devices are created, not started.
 */
export function createDevices(
  cfg: DevicesConfig,
  role: 'counter' | 'alarm-station',
  logger: Logger,
): GatewayDevices {
  if (role === 'alarm-station') {
    const lamp = createOutput('lamp', cfg.lamp, logger.child({ device: 'lamp' }));
    const bell = createOutput('bell', cfg.bell, logger.child({ device: 'bell' }));
    return { lamp, bell, all: () => [lamp, bell] };
  }
  const buttonsLogger = logger.child({ device: 'buttons' });
  const voiceLogger = logger.child({ device: 'voice' });
  const b = cfg.buttons ?? { backend: 'simulated' as const };
  let buttons: RatingButtons;
  let simulatedButtons: SimulatedButtons | undefined;
  switch (b.backend) {
    case 'simulated':
      simulatedButtons = new SimulatedButtons({ logger: buttonsLogger });
      buttons = simulatedButtons;
      break;
    case 'onoff':
      buttons = new OnoffButtons({ ...b, logger: buttonsLogger });
      break;
    case 'gpiomon':
      buttons = new GpiomonButtons({ ...b, logger: buttonsLogger });
      break;
  }
  const v = cfg.voice ?? { backend: 'simulated' as const };
  const voice: VoicePlayer =
    v.backend === 'aplay'
      ? new AplayVoice({ device: v.device, logger: voiceLogger })
      : new SimulatedVoice({ logger: voiceLogger });
  return { buttons, voice, simulatedButtons, all: () => [buttons, voice] };
}

function createOutput(name: 'lamp' | 'bell', cfg: OutputConfig | undefined, logger: Logger): BinaryOutput {
  const c = cfg ?? { backend: 'simulated' as const };
  switch (c.backend) {
    case 'simulated':
      return new SimulatedOutput(name, { logger });
    case 'onoff':
      return new OnoffOutput(name, { pin: c.pin, activeLow: c.activeLow, logger });
    case 'gpioset':
      return new GpiosetOutput(name, { chip: c.chip, line: c.line, activeLow: c.activeLow, logger });
  }
}
