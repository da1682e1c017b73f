import { Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UpdateRoutingMapRequest, type RoutingMapDto } from '@casebridge/contracts';
import { ValidBody } from '../../common/validation';
import { CurrentActor, type Actor } from '../identity';
import { RoutingMapService } from './routing-map.service';

/** Admins view and change the NCP domain → profession routing map. */
@ApiTags('escalations')
@ApiBearerAuth()
@Controller('routing-map')
export class RoutingMapController {
  constructor(private readonly routing: RoutingMapService) {}

  @Get()
  get(@CurrentActor() actor: Actor): Promise<RoutingMapDto> {
    return this.routing.get(actor);
  }

  @Put()
  update(@CurrentActor() actor: Actor, @ValidBody(UpdateRoutingMapRequest) body: UpdateRoutingMapRequest): Promise<RoutingMapDto> {
    return this.routing.update(actor, body);
  }
}
