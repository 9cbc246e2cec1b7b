import { Component, type ComponentChildren, render } from 'preact';
import type { MountChat } from '../chat-host';
import { warn } from '../guard';
import { Panel } from './Panel';
import { CHAT_CSS } from './styles';

/** Whatever goes wrong while rendering stays inside the widget. */
class Contained extends Component<{ children: ComponentChildren }, { failed: boolean }> {
  override state = { failed: false };
  override componentDidCatch(error: unknown): void {
    warn(error);
    this.setState({ failed: true });
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

export const mountChat: MountChat = (host, frame) => {
  host.adopt(CHAT_CSS);
  const el = document.createElement('div');
  frame.append(el);
  return (open, focus) => {
    try {
      render(
        <Contained>
          <Panel host={host} open={open} focus={focus} />
        </Contained>,
        el,
      );
    } catch (error) {
      warn(error);
    }
  };
};
